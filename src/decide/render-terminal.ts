/**
 * The recommendation as terminal text: a pure function (data in, string out), so tests assert
 * the exact text. Colour comes from the palette, which is plain when colour is off.
 */
import type { Palette } from '../core/output.js';
import { moneyRange } from './costs.js';
import type { PeakFigures } from './peak-figures.js';
import { teamSize } from './profile.js';
import type { Recommendation } from './recommend.js';
import { RUNTIME_NAMES } from './situation.js';

const FAVOURS: Record<string, string> = { node: 'Node.js', python: 'Python', hybrid: 'hybrid', none: 'no vote' };

export function renderTerminal(rec: Recommendation, p: Palette): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const { profile } = rec;

  push(`${p.bold('Recommendation:')} ${p.bold(p.green(rec.choice))} (confidence: ${rec.confidence.level})`, '');

  push(p.bold('Profile'));
  push(`  touches            ${profile.touches.length ? profile.touches.join(', ') : '(nothing listed)'}`);
  push(`  greenfield         ${profile.greenfield ? 'yes' : 'no'}`);
  push(`  team knows         JavaScript/TypeScript ${profile.skills.javascript}, Python ${profile.skills.python}`);
  push(
    `  team               ${teamSize(profile)} (${profile.team.mid} mid, ${profile.team.senior} senior, ` +
      `${profile.team.principal} principal), ${profile.hiring}, ` +
      `${profile.location === 'london' ? 'London' : 'UK outside London'}`,
  );
  push(`  AI within 18 months ${profile.aiPlanned}`);
  push(`  peak connections   ${profile.peakConnections.toLocaleString('en-GB')}`, '');

  push(p.bold("Rules that fired (the guide's words)"));
  for (const rule of rec.fired) {
    push(`  ${p.cyan(rule.id)} [${rule.kind}, ${FAVOURS[rule.favours]}]: ${rule.because}`);
    push(`    ${p.dim(`"${rule.quote}" (${rule.section})`)}`);
  }
  push('');

  if (rec.conflicts.length > 0) {
    push(p.bold('Conflicts between rules'));
    for (const c of rec.conflicts) {
      push(`  ${p.yellow(c.title)} (${c.id}; ${c.rules.join(' vs ')})`);
      push(`    resolved: ${RUNTIME_NAMES[c.resolution]}. ${c.explanation}`);
    }
    push('');
  }

  push(p.bold(`Confidence: ${rec.confidence.level}`));
  if (rec.confidence.reasons.length === 0) push('  the rules that fired agree and no conflict had to be resolved');
  for (const reason of rec.confidence.reasons) push(`  - ${reason}`);
  push('');

  for (const [title, items] of [
    ['Risks', rec.risks],
    ['Trade-offs', rec.tradeOffs],
  ] as const) {
    if (items.length === 0) continue;
    push(p.bold(title));
    for (const item of items) {
      push(`  ${item.effect === 'good' ? '+' : '-'} ${item.text}`);
      if (item.quote) push(`    ${p.dim(`guide: "${item.quote}"`)}`);
      if (item.mitigation) push(`    mitigation: ${item.mitigation}`);
    }
    push('');
  }

  const costs = rec.costs;
  push(
    p.bold(
      `Monthly team cost (${costs.basis}, ${costs.location === 'london' ? 'London' : 'UK outside London'}, ` +
        `${costs.teamSize} people)`,
    ),
  );
  push(`  Node.js  ${moneyRange(costs.node.monthly, costs.currency)}`);
  push(`  Python   ${moneyRange(costs.python.monthly, costs.currency)}`);
  push(`  Hybrid   ${moneyRange(costs.hybrid, costs.currency)} (depends on the split)`);
  push('  Assumptions:');
  for (const a of costs.assumptions) push(`    - ${a}`);
  push('');

  push(p.bold('Evidence from measurements'));
  push(...evidenceLines(rec, p));
  return `${lines.join('\n')}\n`;
}

const VERDICT_WIDTH = 'inconclusive'.length;

/** Which file and why, what it measured at the peak, and the claims as `verdict report` judges them. */
function evidenceLines(rec: Recommendation, p: Palette): string[] {
  const e = rec.evidence;
  // Files passed over are named in the notes on stderr, one line each; the why says how many.
  if (!e.used) return [`  No measurements were used: ${e.reason}.`];
  const lines = [`  ${e.file}: ${e.why}`, `  run of ${e.createdAt}, ${e.status}; ${e.environment}`];
  for (const caveat of [e.indicative, e.unfinished]) if (caveat) lines.push(`  ${p.yellow(caveat)}`);
  for (const at of e.atPeak) lines.push(...peakLines(at));
  if (e.claims.length === 0) {
    lines.push('  No rule that fired rests on a claim a benchmark tests.');
    return lines;
  }
  lines.push("  The guide's claims behind the fired rules, as verdict report judges them:");
  for (const c of e.claims) {
    const verdict = c.claim.verdict.padEnd(VERDICT_WIDTH);
    const mark =
      c.claim.verdict === 'supported'
        ? p.green(verdict)
        : c.claim.verdict === 'refuted'
          ? p.red(verdict)
          : p.yellow(verdict);
    lines.push(`    ${mark}  ${c.claim.id} (${c.rules.join(', ')}): "${c.claim.quote}"`);
    lines.push(`      ${c.claim.because}`);
    lines.push(`      ${c.bearing === 'against' ? p.red(c.bearingText) : c.bearingText}`);
  }
  return lines;
}

function peakLines(at: PeakFigures): string[] {
  if (at.level === null) return [`  ${at.missing.map((m) => m.charAt(0).toUpperCase() + m.slice(1)).join('; ')}.`];
  const lines = [
    `  ${at.workload} at ${at.level.toLocaleString('en-US')} connections${at.levelNote ? ` (${at.levelNote})` : ''}:`,
  ];
  for (const [name, side] of [
    ['Node.js', at.node],
    ['Python', at.python],
  ] as const) {
    if (!side) continue;
    const figures = side.figures.map((f) => `${f.label} ${f.text}`).join('; ');
    lines.push(
      `    ${name.padEnd(8)} ${side.server} (${side.variant}, ${side.trials} trial` +
        `${side.trials === '1' ? '' : 's'}): ${figures}`,
    );
  }
  for (const missing of at.missing) lines.push(`    ${missing}`);
  if (at.comparison) lines.push(`    ${at.comparison}`);
  return lines;
}
