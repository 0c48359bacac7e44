/**
 * The ADR's "More Information": the measurements (the results file as a link relative to the
 * record, the figures at the peak for both runtimes with their caveats, the claims' verdicts as
 * `verdict report` gives them) and the costs with their assumptions, as tables. Pure Markdown.
 */
import { levelText } from '../claims/select.js';
import type { Check, ClaimResult } from '../claims/types.js';
import { locationName, monthlyCostRows } from './costs.js';
import type { PeakFigures } from './peak-figures.js';
import type { Recommendation } from './recommend.js';
import { bullets, escapeInline as esc, paragraph, table } from './markdown.js';

const VERDICT_WORD = { supported: 'Supported', refuted: 'Refuted', inconclusive: 'Inconclusive' } as const;
const BEARING = {
  for: 'It backs the choice.',
  against: 'It weakens the choice.',
  neutral: 'It does not bear on the choice.',
} as const;

/** `resultsLink`: the results file as a path from the ADR's folder (a link that works in the repository). */
export function measurements(rec: Recommendation, resultsLink: string | undefined): string[] {
  const e = rec.evidence;
  if (!e.used) return ['### Measurements', '', ...paragraph(`None were cited: ${esc(e.reason)}.`)];
  const link = resultsLink ?? e.file;
  const lines = ['### Measurements', ''];
  const status = e.status === 'completed' ? 'a completed run' : `a run with status ${e.status}`;
  const name = link.split('/').at(-1)!;
  lines.push(
    ...paragraph(
      `From [${esc(name)}](${encodeURI(link)}), ${status} of ${e.createdAt.slice(0, 10)}: ${esc(e.environment)}.`,
    ),
  );
  const caveats = [e.indicative, e.unfinished].filter((c): c is string => c !== null);
  if (caveats.length > 0) lines.push(...bullets(caveats.map(esc)));
  for (const at of e.atPeak) lines.push(...peakTable(at));
  if (e.claims.length > 0) {
    lines.push(...paragraph('Claims behind the fired rules, as `verdict report` judges them:'));
    lines.push(
      ...bullets(
        e.claims.map((c) =>
          esc(
            `${VERDICT_WORD[c.claim.verdict]} \`${c.claim.id}\` (${c.rules.map((r) => `\`${r}\``).join(', ')}): ` +
              `${e.indicative ? c.claim.because : decidingFigure(c.claim)}. ${BEARING[c.bearing]}`,
          ),
        ),
      ),
    );
  } else {
    lines.push(...paragraph('No rule that fired rests on a claim a benchmark tests.'));
  }
  return lines;
}

function peakTable(at: PeakFigures): string[] {
  if (at.level === null || (!at.node && !at.python)) return paragraph(esc(`${capitalise(at.missing.join('; '))}.`));
  const sides = [at.node, at.python];
  const labels = (at.node ?? at.python)!.figures.map((f) => f.label);
  const rows = [
    ['server (trials)', ...sides.map((s) => (s ? `${s.server} (${s.trials.replace(' of ', '/')})` : 'not measured'))],
    ...labels.map((label, i) => [label, ...sides.map((s) => s?.figures[i]?.cell ?? '–')]),
  ];
  const heading = `${at.workload} at ${at.level.toLocaleString('en-US')}`;
  const notes = [
    at.levelNote ? capitalise(at.levelNote) : null,
    ...at.missing,
    at.comparison ? `The report: ${at.comparison}` : null,
    ...at.notes,
  ];
  return [
    ...table([heading, 'Node.js', 'Python'], rows),
    ...bullets(notes.filter((n): n is string => n !== null).map((n) => esc(n.endsWith('.') ? n : `${n}.`))),
  ];
}

export function costs(rec: Recommendation): string[] {
  const c = rec.costs;
  const where = locationName(c.location);
  const rows = monthlyCostRows(c);
  return [
    '### Costs',
    '',
    ...table([`Team of ${c.teamSize}, ${c.basis}, ${where}`, 'A month'], rows),
    ...table(
      ['Assumption', 'Value', 'By'],
      c.assumptionRows.map((r) => [r.assumption, r.value, r.by]),
    ),
    ...paragraph(esc(`Rates: ${c.source}, ${c.date}.`)),
  ];
}

/**
 * The check that decided a claim, with the figure and interval exactly as the report prints them
 * (its `shown`), chosen as the report's "because" chooses (the closest passing check, the failing
 * one, the first open one); the thresholds and remedies are the report's to give. A quick run's
 * claims keep the report's whole sentence, which says where they point.
 */
function decidingFigure(claim: ClaimResult): string {
  const judged = claim.checks.filter((c) => c.role === 'judged');
  const byMargin = (cs: Check[]) => [...cs].sort((p, q) => (p.margin ?? 0) - (q.margin ?? 0))[0];
  const check =
    claim.verdict === 'supported'
      ? byMargin(judged)
      : claim.verdict === 'refuted'
        ? byMargin(judged.filter((c) => c.outcome === 'fail'))
        : (judged.find((c) => c.outcome === 'unclear' && c.value !== null) ?? judged[0]);
  if (!check) return claim.because;
  if (check.value === null) return check.note ?? claim.because;
  const where =
    check.connections === null
      ? ''
      : ` at ${levelText(check.connections, check.levelLabel)}${check.parameters ? ` (${check.parameters})` : ''}`;
  return `${check.subject}: ${check.shown}${where}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
