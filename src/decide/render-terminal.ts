/**
 * The recommendation as terminal text: a pure function (data in, string out), so tests assert
 * the exact text. Colour comes from the palette, which is plain when colour is off.
 */
import type { Palette } from '../cli/output.js';
import { moneyRange } from './costs.js';
import type { RuntimeMeasurement, WorkloadEvidence } from './evidence.js';
import { fmt } from './evidence.js';
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
  push(`  team               ${teamSize(profile)} (${profile.team.mid} mid, ${profile.team.senior} senior, ${profile.team.principal} principal), ${profile.hiring}, ${profile.location === 'london' ? 'London' : 'UK outside London'}`);
  push(`  AI within 18 months ${profile.aiPlanned}`);
  push(`  peak connections   ${profile.peakConnections.toLocaleString('en-GB')}`, '');

  push(p.bold('Rules that fired (the guide\'s words)'));
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

  for (const [title, items] of [['Risks', rec.risks], ['Trade-offs', rec.tradeOffs]] as const) {
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
  push(p.bold(`Monthly team cost (${costs.basis}, ${costs.location === 'london' ? 'London' : 'UK outside London'}, ${costs.teamSize} people)`));
  push(`  Node.js  ${moneyRange(costs.node.monthly, costs.currency)}`);
  push(`  Python   ${moneyRange(costs.python.monthly, costs.currency)}`);
  push(`  Hybrid   ${moneyRange(costs.hybrid, costs.currency)} (depends on the split)`);
  push('  Assumptions:');
  for (const a of costs.assumptions) push(`    - ${a}`);
  push('');

  push(p.bold('Evidence from measurements'));
  if (!rec.evidence.used) {
    push(`  No measurements were used: ${rec.evidence.reason}.`);
  } else {
    push(`  ${rec.evidence.file} (${rec.evidence.createdAt})`);
    push(`  ${rec.evidence.environment}`);
    for (const w of rec.evidence.workloads) push(...workloadLines(w));
    if (rec.evidence.checks.length > 0) push('  Guide claims behind the fired rules:');
    for (const check of rec.evidence.checks) {
      const mark = check.verdict === 'agrees' ? p.green('agrees') : check.verdict === 'disagrees' ? p.red('DISAGREES') : p.yellow('inconclusive');
      push(`    ${mark}: "${check.guide}" (${check.rules.join(', ')})`);
      push(`      ${check.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function workloadLines(w: WorkloadEvidence): string[] {
  const lines = [`  ${w.workload} workload at ${w.measuredConnections} connections${w.levelNote ? ` (${w.levelNote})` : ''}:`];
  for (const m of [w.node, w.python]) lines.push(measurementLine(m, m === w.node ? 'Node.js' : 'Python'));
  if (w.throughputRatio !== null) lines.push(`    Node.js / Python req/s: ${w.throughputRatio.toFixed(2)}x`);
  return lines;
}

function measurementLine(m: RuntimeMeasurement | null, name: string): string {
  if (!m) return `    ${name.padEnd(8)} not measured at this level`;
  const rps = m.requestsPerSecond === null ? 'n/a' : fmt(m.requestsPerSecond);
  const p99 = m.p99Ms === null ? 'n/a' : `${fmt(m.p99Ms)} ms`;
  const mem = m.memoryPerConnectionKb === null ? 'n/a' : `${fmt(m.memoryPerConnectionKb)} KB/connection (${m.memoryMethod})`;
  const errors = m.errors + m.non2xx > 0 ? `, ${m.errors} errors, ${m.non2xx} non-2xx` : '';
  return `    ${name.padEnd(8)} ${m.server} (${m.variant}, ${m.trials} trial${m.trials === 1 ? '' : 's'}): ${rps} req/s, p99 ${p99}, ${mem}${errors}`;
}
