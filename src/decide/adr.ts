/**
 * The recommendation as an Architecture Decision Record in the MADR 4 format
 * (https://adr.github.io/madr/): front matter with status and date, then context, decision
 * drivers, considered options, outcome with consequences and confirmation, pros and cons of each
 * option and more information. Written to be committed as it is: no path outside the repository
 * (the results file is linked relative to the record), nothing that only holds on the machine that
 * wrote it, and clean under markdownlint's default rules. Pure: the date and paths are passed in.
 */
import { costs, measurements } from './adr-information.js';
import { confirmation, shellLines } from './confirmation.js';
import { moneyRange } from './costs.js';
import { WIDTH, escapeInline as esc, escapeUserText, bullets, oneLine, paragraph, proseQuote } from './markdown.js';
import { OPTIONS, OPTION_TITLES, lowerFirst, prosAndCons } from './options.js';
import { teamSize } from './profile.js';
import type { Recommendation } from './recommend.js';
import { RUNTIME_NAMES, type Outcome } from './situation.js';

const DECISIONS: Record<Outcome, string> = {
  node: 'Use Node.js',
  python: 'Use Python',
  hybrid: 'Use a Node.js gateway with Python services',
};

export interface AdrOptions {
  date: Date;
  /** The cited results file as a path from the ADR's own folder; the evidence's path when absent. */
  resultsLink?: string;
}

export function renderAdr(recommendation: Recommendation, options: AdrOptions): string {
  // The profile schema refuses a name with a line break; this writer does not rely on it, since
  // the name also lands in the Confirmation's code block, where a line of its own could end it.
  const rec = { ...recommendation, profile: { ...recommendation.profile, name: oneLine(recommendation.profile.name) } };
  const day = options.date.toISOString().slice(0, 10);
  const lines: string[] = [
    '---',
    'status: proposed',
    `date: ${day}`,
    'decision-makers: to be filled in by the team',
    '---',
    '',
    title(DECISIONS[rec.outcome], rec.profile.name),
    '',
    '## Context and Problem Statement',
    '',
    ...paragraph(context(rec)),
    '## Decision Drivers',
    '',
    ...bullets([
      // The hybrid rule is the resolution of a conflict, stated in the outcome, not a driver.
      ...rec.fired
        .filter((r) => r.kind !== 'hybrid')
        .map((r) => esc(`${capitalise(r.because)}: the guide's ${proseQuote(r.quote)} (\`${r.id}\`).`)),
      `Team cost a month: Node.js ${moneyRange(rec.costs.node.monthly, rec.costs.currency)}, Python ` +
        `${moneyRange(rec.costs.python.monthly, rec.costs.currency)}.`,
      rec.evidence.used
        ? "The guide's claims as measured by `verdict bench` (see Measurements)."
        : 'No benchmark measurements were cited (see Measurements).',
    ]),
    '## Considered Options',
    '',
    ...bullets(OPTIONS.map((o) => OPTION_TITLES[o])),
    '## Decision Outcome',
    '',
    ...paragraph(
      `Chosen option: "${OPTION_TITLES[rec.outcome]}", because ${justification(rec)} Confidence: ` +
        `${rec.confidence.level}.`,
    ),
    ...(rec.conflicts.length > 0
      ? [
          ...paragraph("The guide's rules pulled against each other, and were resolved as follows:"),
          ...bullets(
            rec.conflicts.map((c) =>
              esc(
                `${c.title} (${c.rules.map((r) => `\`${r}\``).join(', ')}): ${RUNTIME_NAMES[c.resolution]}. ` +
                  `${c.explanation}`,
              ),
            ),
          ),
        ]
      : []),
    ...(rec.confidence.reasons.length > 0
      ? [...paragraph('Confidence is lowered because:'), ...bullets(rec.confidence.reasons.map(esc))]
      : []),
    '### Consequences',
    '',
    ...bullets(
      [...rec.tradeOffs, ...rec.risks]
        .sort((x, y) => (x.effect === y.effect ? 0 : x.effect === 'good' ? -1 : 1))
        .map((c) =>
          esc(
            `${c.effect === 'good' ? 'Good' : 'Bad'}, because ${lowerFirst(c.text)}` +
              `${c.mitigation ? ` Mitigation: ${lowerFirst(c.mitigation)}` : ''}`,
          ),
        ),
    ),
    '### Confirmation',
    '',
    ...confirmationSection(rec),
    '## Pros and Cons of the Options',
    '',
    ...OPTIONS.flatMap((o) => [
      `### ${OPTION_TITLES[o]}`,
      '',
      ...bullets(prosAndCons(rec, o).map((p) => esc(`${p.effect}, because ${p.because}`))),
    ]),
    '## More Information',
    '',
    ...measurements(rec, options.resultsLink),
    ...costs(rec),
    ...paragraph(`Written by \`verdict decide\` on ${day}. Format: [MADR 4.0](https://adr.github.io/madr/).`),
  ];
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The project's name joins the title when the heading still fits markdownlint's 80 columns. */
function title(decision: string, name: string): string {
  const full = `# ${decision} for ${escapeUserText(name)}`;
  return full.length <= WIDTH ? full : `# ${decision}`;
}

function context(rec: Recommendation): string {
  const p = rec.profile;
  const touches = p.touches.length ? p.touches.join(', ') : 'nothing beyond a basic backend';
  const hired =
    `${p.hiring === 'contract' ? 'on contract' : 'permanently'} ` +
    `${p.location === 'london' ? 'in London' : 'in the UK outside London'}`;
  return (
    `We need to choose the runtime for ${escapeUserText(p.name)}: ` +
    esc(
      `Node.js or Python, or both. The project touches: ${touches}` +
        `${p.greenfield ? '; it is a greenfield project' : ''}. The team knows JavaScript/TypeScript (` +
        `${p.skills.javascript}) ` +
        `and Python (${p.skills.python}); it has ${teamSize(p)} people (${p.team.mid} mid-level, ` +
        `${p.team.senior} senior, ` +
        `${p.team.principal} principal), hired ${hired}. AI features within 18 months: ${p.aiPlanned}. Expected ` +
        `peak: ` +
        `${p.peakConnections.toLocaleString('en-US')} concurrent connections.`,
    )
  );
}

function justification(rec: Recommendation): string {
  if (rec.outcome === 'hybrid')
    return (
      "rules of the guide that pull apart are each met by splitting the system along the guide's own hybrid " +
      'architecture.'
    );
  const backing = rec.fired.filter((r) => r.favours === rec.outcome).map((r) => `\`${r.id}\``);
  const via = {
    ecosystem: 'the AI and data rules',
    override: 'the rule that overrides the table',
    table: 'the decision table',
    'tie-break': 'a tie-break',
    conflict: 'a conflict resolution',
  }[rec.decidedAt];
  return `it is what ${via} gives for this profile (${backing.join(', ') || 'no single rule'}).`;
}

/** The bench run that re-measures the cited claims at the peak, and the decide call that re-reads it. */
function confirmationSection(rec: Recommendation): string[] {
  const c = confirmation(rec);
  return [
    ...paragraph(
      `Measure again with a full run (not \`--quick\`) at the expected peak${c.note ? ` (${c.note})` : ''} and ` +
        `decide again; ` +
        "revisit this record if the profile (AI plans, peak, team) or a cited claim's verdict changes:",
    ),
    '```sh',
    ...shellLines(['verdict', 'bench', ...c.bench]),
    ...shellLines(['verdict', 'decide', ...c.decide]),
    '```',
    '',
  ];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
