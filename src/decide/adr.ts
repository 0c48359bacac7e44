/**
 * The recommendation as an Architecture Decision Record in the MADR 4 format
 * (https://adr.github.io/madr/): front matter with status and date, then context, decision
 * drivers, considered options, outcome, consequences, confirmation, pros and cons of each option
 * and more information. Plain Markdown that adr-tools and log4brains users can drop into docs/adr.
 * Pure: the date is passed in.
 */
import { moneyRange } from './costs.js';
import { fmt } from './evidence.js';
import { WIDTH, escapeInline as esc, bullets, paragraph, proseQuote } from './markdown.js';
import { teamSize } from './profile.js';
import type { Recommendation } from './recommend.js';
import { RUNTIME_NAMES, type Outcome } from './situation.js';

const OPTIONS: Outcome[] = ['node', 'python', 'hybrid'];
const DECISIONS: Record<Outcome, string> = {
  node: 'Use Node.js',
  python: 'Use Python',
  hybrid: 'Use a Node.js gateway with Python services',
};
const OPTION_TITLES: Record<Outcome, string> = {
  node: 'Node.js',
  python: 'Python',
  hybrid: 'Hybrid: Node.js API gateway with Python services',
};

export function renderAdr(rec: Recommendation, date: Date): string {
  const day = date.toISOString().slice(0, 10);
  const { profile, costs } = rec;
  const chosen = OPTION_TITLES[rec.outcome];
  const lines: string[] = [
    '---',
    'status: proposed',
    `date: ${day}`,
    'decision-makers: to be filled in by the team',
    '---',
    '',
    title(DECISIONS[rec.outcome], profile.name),
    '',
    '## Context and Problem Statement',
    '',
    ...paragraph(
      `We need to choose the runtime for ${esc(profile.name)}: Node.js or Python, or both. ` +
        `The project touches: ${profile.touches.length ? profile.touches.join(', ') : 'nothing beyond a basic backend'}` +
        `${profile.greenfield ? '; it is a greenfield project' : ''}. ` +
        `The team knows JavaScript/TypeScript (${profile.skills.javascript}) and Python (${profile.skills.python}); ` +
        `it has ${teamSize(profile)} people (${profile.team.mid} mid-level, ${profile.team.senior} senior, ${profile.team.principal} principal), ` +
        `hired ${profile.hiring === 'contract' ? 'on contract' : 'permanently'} ${profile.location === 'london' ? 'in London' : 'in the UK outside London'}. ` +
        `AI features within 18 months: ${profile.aiPlanned}. Expected peak: ${profile.peakConnections.toLocaleString('en-GB')} concurrent connections.`,
    ),
    ...paragraph(
      'The decision applies the decision framework of the guide "Node.js vs Python" (2026): its decision table, the rule ' +
        'that overrides the table, the AI rule, the 18-month horizon and its hybrid architecture.',
    ),
    '## Decision Drivers',
    '',
    ...bullets([
      ...rec.fired.map((r) => `${r.because}: the guide's ${proseQuote(r.quote)} (\`${r.id}\`)`),
      `Monthly team cost (${costs.basis}): Node.js ${moneyRange(costs.node.monthly, costs.currency)}, Python ${moneyRange(costs.python.monthly, costs.currency)}`,
      rec.evidence.used ? `Measurements on this machine (${rec.evidence.file})` : 'No benchmark measurements were used',
    ].map(esc)),
    '## Considered Options',
    '',
    ...bullets(OPTIONS.map((o) => OPTION_TITLES[o])),
    '## Decision Outcome',
    '',
    ...paragraph(`Chosen option: "${chosen}", because ${justification(rec)} Confidence: ${rec.confidence.level}.`),
    ...(rec.conflicts.length > 0
      ? [
          ...paragraph('The guide\'s rules pulled against each other, and were resolved as follows:'),
          ...bullets(rec.conflicts.map((c) => `${c.title} (${c.rules.map((r) => `\`${r}\``).join(', ')}): ${RUNTIME_NAMES[c.resolution]}. ${c.explanation}`).map(esc)),
        ]
      : []),
    ...(rec.confidence.reasons.length > 0 ? [...paragraph('Confidence is lowered because:'), ...bullets(rec.confidence.reasons.map(esc))] : []),
    '### Consequences',
    '',
    ...bullets([
      ...[...rec.tradeOffs, ...rec.risks]
        .sort((x, y) => (x.effect === y.effect ? 0 : x.effect === 'good' ? -1 : 1))
        .map((c) => `${c.effect === 'good' ? 'Good' : 'Bad'}, because ${lower(c.text)}${c.quote ? ` The guide: "${c.quote}"` : ''}${c.mitigation ? ` Mitigation: ${c.mitigation}` : ''}`),
    ].map(esc)),
    '### Confirmation',
    '',
    ...paragraph(
      'Run `verdict bench` on the target hardware at the expected peak concurrency and `verdict decide --results` ' +
        'with the results file; revisit this record if the measurements disagree with the guide\'s claims or if the AI plans change.',
    ),
    '## Pros and Cons of the Options',
    '',
    ...OPTIONS.flatMap((o) => [`### ${OPTION_TITLES[o]}`, '', ...bullets(prosAndCons(rec, o).map(esc))]),
    '## More Information',
    '',
    ...bullets(moreInformation(rec, day)),
  ];
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The project's name joins the title when the heading still fits markdownlint's 80 columns. */
function title(decision: string, name: string): string {
  const full = `# ${decision} for ${esc(name)}`;
  return full.length <= WIDTH ? full : `# ${decision}`;
}

function justification(rec: Recommendation): string {
  const backing = rec.fired.filter((r) => r.favours === rec.outcome).map((r) => `\`${r.id}\``);
  if (rec.outcome === 'hybrid') return 'conflicting rules of the guide are each honoured by splitting the system along the guide\'s own hybrid architecture.';
  const via = { ecosystem: 'the AI rule', override: 'the rule that overrides the table', table: 'the decision table', 'tie-break': 'a tie-break', conflict: 'a conflict resolution' }[rec.decidedAt];
  return `it is what ${via} gives for this profile (${backing.join(', ') || 'no single rule'}).`;
}

function prosAndCons(rec: Recommendation, option: Outcome): string[] {
  const items: string[] = [];
  for (const rule of rec.fired) {
    if (rule.favours === 'none' || rule.kind === 'hybrid') continue;
    const good = rule.favours === option || (option === 'hybrid' && rule.kind !== 'tie-break');
    items.push(`${good ? 'Good' : 'Bad'}, because ${rule.because} (\`${rule.id}\`)`);
  }
  const cost = option === 'hybrid' ? rec.costs.hybrid : rec.costs[option].monthly;
  items.push(`Neutral, because the team costs about ${moneyRange(cost, rec.costs.currency)} a month${option === 'hybrid' ? ', depending on the split' : ''}`);
  if (option === 'hybrid') items.push('Bad, because it means two runtimes to build, deploy, monitor and hire for');
  if (rec.evidence.used) {
    const w = rec.evidence.workloads[0]!;
    const m = option === 'hybrid' ? null : w[option];
    if (m?.requestsPerSecond != null) {
      items.push(`Neutral, because ${m.server} measured ${fmt(m.requestsPerSecond)} req/s, p99 ${m.p99Ms === null ? 'n/a' : `${fmt(m.p99Ms)} ms`} at ${w.measuredConnections} connections on this machine`);
    }
  }
  return items;
}

function moreInformation(rec: Recommendation, day: string): string[] {
  const items = [
    `Generated by \`verdict decide\` on ${day}. The rules, their quotes and the conflict resolutions are in \`src/decide/rules.ts\`.`,
    `Costs: ${rec.costs.assumptions.join(' ')}`,
  ];
  if (rec.evidence.used) {
    items.push(`Measurements: ${rec.evidence.file}, ${rec.evidence.environment}.`);
    for (const check of rec.evidence.checks) items.push(`Guide claim "${check.guide}" ${check.verdict}: ${check.detail}.`);
  } else {
    items.push(`Measurements: none used (${rec.evidence.reason}).`);
  }
  // The link is written as Markdown, so it is added after escaping.
  return [...items.map(esc), 'Record format: [MADR 4.0](https://adr.github.io/madr/); the guide\'s framework is in its "Decision Framework: When to Choose Each" section.'];
}

/** "The team is..." reads "Good, because the team is..."; names (Python, FastAPI, AI) keep their case. */
function lower(text: string): string {
  const first = text.split(' ')[0]!;
  return /^[A-Z][a-z']*$/.test(first) && first !== 'Python' ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
