/**
 * Results in, verdicts out: each claim of the catalogue is supported, refuted or inconclusive,
 * with the checks (numbers against thresholds) that decided it. Pure: no I/O.
 *
 * A claim's verdict is the conjunction of its judged checks: any failing check refutes it, all
 * passing support it, anything else (not measured, errored, too noisy, within the noise of the
 * threshold) leaves it inconclusive.
 */
import type { Results } from '../results/schema.js';
import { parameterKey } from '../report/groups.js';
import { mean, ratioWithError } from '../measure/stats.js';
import { CLAIMS } from './catalogue.js';
import { FIGURES } from './figures.js';
import { judgeBound, judgeRatio, thresholdText, type Judgement } from './judge.js';
import { formatFigure, formatPair, formatRatio } from './present.js';
import { CellIndex, chooseLevels, describeSide, levelLabel, levelText, readSeries } from './select.js';
import type { BoundTest, Check, Claim, ClaimResult, ClaimTest, ParameterValues, RatioTest, Side, Verdict } from './types.js';

export function evaluateClaims(results: Results, claims: readonly Claim[] = CLAIMS): ClaimResult[] {
  const index = new CellIndex(results);
  return claims.map((claim) => evaluateClaim(index, claim));
}

export function evaluateClaim(index: CellIndex, claim: Claim): ClaimResult {
  const checks = claim.tests.flatMap((test) => runTest(index, test));
  const judged = checks.filter((c) => c.role === 'judged');
  const verdict = combine(judged);
  const servers = (role: Check['role']) => [...new Set(checks.filter((c) => c.role === role).flatMap((c) => c.servers))];
  return {
    id: claim.id,
    quote: claim.quote,
    section: claim.section,
    predicate: claim.predicate,
    rationale: claim.rationale,
    alsoQuoted: claim.alsoQuoted ?? [],
    verdict,
    because: because(verdict, judged),
    judged: [...new Set(claim.tests.flatMap(judgedServers))],
    beside: servers('beside').filter((s) => !claim.tests.flatMap(judgedServers).includes(s)),
    workloads: [...new Set(claim.tests.flatMap((t) => [t.workload, ...(t.kind === 'ratio' ? [t.a.workload, t.b.workload] : [])]).filter((w): w is string => Boolean(w)))],
    checks,
  };
}

function judgedServers(test: ClaimTest): string[] {
  return test.kind === 'bound' ? test.servers : [test.a.server, test.b.server];
}

export function combine(judged: readonly Check[]): Verdict {
  if (judged.length === 0) return 'inconclusive';
  if (judged.some((c) => c.outcome === 'fail')) return 'refuted';
  return judged.every((c) => c.outcome === 'pass') ? 'supported' : 'inconclusive';
}

function runTest(index: CellIndex, test: ClaimTest): Check[] {
  return test.kind === 'bound' ? boundChecks(index, test) : ratioChecks(index, test);
}

/** A check that could not compare anything: the reason is the note. */
/** a's worst trial against b's best, oriented so that above 1 means a is better. */
function leastFavourableRatio(a: number[], b: number[], better: 'higher' | 'lower'): number | null {
  const [good, bad] = better === 'higher' ? [Math.min(...a), Math.max(...b)] : [Math.min(...b), Math.max(...a)];
  if (good <= 0) return null;
  return bad <= 0 ? Number.POSITIVE_INFINITY : good / bad;
}

function unclear(base: Omit<Check, 'value' | 'error' | 'trials' | 'shown' | 'detail' | 'outcome' | 'margin' | 'note'>, note: string): Check {
  return { ...base, value: null, error: null, trials: 0, shown: '–', detail: '', outcome: 'unclear', margin: null, note };
}

function oneTrialNote(trials: number, judgement: Judgement): string | null {
  if (judgement.note) return judgement.note;
  return trials < 2 ? '1 trial: no noise estimate' : null;
}

function boundChecks(index: CellIndex, test: BoundTest): Check[] {
  const figure = FIGURES[test.figure];
  const threshold = test.min !== undefined ? `≥ ${formatFigure(test.min, figure)}` : `≤ ${formatFigure(test.max ?? 0, figure)}`;
  const checks: Check[] = [];
  for (const [role, servers] of [['judged', test.servers], ['beside', test.beside]] as const) {
    for (const server of servers) {
      const groups = index.of(server, test.workload);
      if (groups.length === 0 && role === 'beside') continue;
      const base = { role: role as Check['role'], subject: server, servers: [server], workload: test.workload, parameters: '', levelLabel: levelLabel(test.workload), figure: figure.label, threshold };
      const choice = chooseLevels(test.levels, groups.map((g) => g.connections), test.workload);
      if (choice.problem !== undefined) {
        checks.push(unclear({ ...base, connections: null }, groups.length ? choice.problem : `${server}: ${test.workload} not measured in this run`));
        continue;
      }
      for (const connections of choice.levels) {
        const series = readSeries(groups.find((g) => g.connections === connections), figure, `${server} ${test.workload} at ${levelText(connections, base.levelLabel)}`);
        if (series.problem || !series.spread) {
          checks.push(unclear({ ...base, connections }, series.problem ?? 'no data'));
          continue;
        }
        const { mean, stddev, n } = series.spread;
        const shown = formatFigure(mean, figure, stddev);
        const judgement = judgeBound(mean, stddev, test, shown, threshold);
        checks.push({ ...base, connections, value: mean, error: stddev, trials: n, shown, detail: '', outcome: judgement.outcome, margin: judgement.margin, note: oneTrialNote(n, judgement) });
      }
    }
  }
  return checks;
}

/** The parameter sets a ratio test is split into, from what either judged side measured. */
function splits(index: CellIndex, test: RatioTest, pair: { a: Side; b: Side }): ParameterValues[] {
  const found = new Map<string, ParameterValues>();
  for (const side of [pair.a, pair.b]) {
    for (const group of index.of(side.server, side.workload ?? test.workload, side.parameters)) {
      const at = test.parameterAtLeast;
      if (at && !(Number(group.parameters[at.name]) >= at.min)) continue;
      const values: ParameterValues = {};
      for (const name of test.splitBy ?? []) if (group.parameters[name] !== undefined) values[name] = group.parameters[name]!;
      found.set(parameterKey(values), values);
    }
  }
  return [...found.entries()].sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true })).map(([, v]) => v);
}

function ratioChecks(index: CellIndex, test: RatioTest): Check[] {
  const figure = FIGURES[test.figure];
  const threshold = thresholdText(test.expect);
  const pairs = [{ pair: { a: test.a, b: test.b }, role: 'judged' as const }, ...(test.beside ?? []).map((pair) => ({ pair, role: 'beside' as const }))];
  const checks: Check[] = [];
  for (const { pair, role } of pairs) {
    const subject = `${describeSide(pair.a)} vs ${describeSide(pair.b)}`;
    const base = { role, subject, servers: [...new Set([pair.a.server, pair.b.server])], workload: test.workload, levelLabel: levelLabel(test.workload), figure: `${figure.label} ratio`, threshold };
    const sets = splits(index, test, pair);
    if (sets.length === 0) {
      if (role === 'beside') continue;
      const at = test.parameterAtLeast;
      const filteredOut = at && index.of(pair.a.server, pair.a.workload ?? test.workload).length > 0;
      checks.push(unclear({ ...base, parameters: '', connections: null }, filteredOut ? `${subject}: no ${test.workload} cell with ${at.name} of ${at.min} or more` : `${subject}: ${test.workload} not measured in this run`));
      continue;
    }
    for (const split of sets) {
      const parameters = parameterKey(split);
      const levelsOf = (side: Side) => index.of(side.server, side.workload ?? test.workload, { ...split, ...side.parameters });
      const [groupsA, groupsB] = [levelsOf(pair.a), levelsOf(pair.b)];
      // Only levels both sides ran are compared: one side's extra levels have nothing to compare with.
      const levelsB = new Set(groupsB.map((g) => g.connections));
      const both = groupsA.map((g) => g.connections).filter((l) => levelsB.has(l));
      const absent = groupsA.length === 0 ? pair.a : groupsB.length === 0 ? pair.b : undefined;
      // Context is shown only where it was measured; a judged side that is missing is the answer.
      if (absent && role === 'beside') continue;
      const choice = absent
        ? { levels: [], problem: `${describeSide(absent)}: ${absent.workload ? '' : `${test.workload}${parameters ? ` (${parameters})` : ''} `}not measured in this run` }
        : both.length === 0
          ? { levels: [], problem: `${describeSide(pair.a)} and ${describeSide(pair.b)} ran no level in common` }
          : chooseLevels(test.levels, both, test.workload);
      if (choice.problem !== undefined) {
        checks.push(unclear({ ...base, parameters, connections: null }, choice.problem));
        continue;
      }
      for (const connections of choice.levels) checks.push(ratioCheck(index, test, pair, split, connections, { ...base, parameters }));
    }
  }
  return checks;
}

function ratioCheck(index: CellIndex, test: RatioTest, pair: { a: Side; b: Side }, split: ParameterValues, connections: number, base: Omit<Check, 'connections' | 'value' | 'error' | 'trials' | 'shown' | 'detail' | 'outcome' | 'margin' | 'note'>): Check {
  const figure = FIGURES[test.figure];
  const where = `at ${levelText(connections, base.levelLabel)}${base.parameters ? ` (${base.parameters})` : ''}`;
  const groupA = index.pick(pair.a, test.workload, connections, split, figure);
  const groupB = index.pick(pair.b, test.workload, connections, split, figure);
  const subject = `${describeSide(pair.a, groupA)} vs ${describeSide(pair.b, groupB)}`;
  const a = readSeries(groupA, figure, `${describeSide(pair.a)} ${where}`);
  const b = readSeries(groupB, figure, `${describeSide(pair.b)} ${where}`);
  const at = { ...base, subject, connections };
  if (a.problem || b.problem) {
    // Noise cannot undo a win that even the least favourable pair of trials shows (say, a
    // connection per request that answered almost nothing next to a pool at thousands a second).
    const worstCase = test.expect.kind === 'at-least' && a.values.length > 0 && b.values.length > 0 ? leastFavourableRatio(a.values, b.values, figure.better) : null;
    if (worstCase !== null && worstCase >= test.expect.ratio) {
      const trials = Math.min(a.values.length, b.values.length);
      const shown = `at least ${Number.isFinite(worstCase) ? `${worstCase.toFixed(2)}x` : 'infinitely better'} in every pair of trials`;
      return { ...at, value: worstCase, error: 0, trials, shown, detail: formatPair(mean(a.values), mean(b.values), figure), outcome: 'pass', margin: null, note: (a.problem ?? b.problem)! };
    }
    return unclear(at, (a.problem ?? b.problem)!);
  }
  // Oriented so that above 1 means a is better, whichever way the figure improves.
  const ratio = figure.better === 'higher' ? ratioWithError(a.values, b.values) : ratioWithError(b.values, a.values);
  if (!ratio) return unclear(at, `${where}: a mean of zero ${figure.label}, no ratio`);
  const trials = Math.min(a.values.length, b.values.length);
  const shown = formatRatio(ratio.value, ratio.error, trials);
  const judgement = judgeRatio(ratio.value, ratio.error, test.expect, shown, base.threshold);
  const detail = formatPair(a.spread!.mean, b.spread!.mean, figure);
  return { ...at, value: ratio.value, error: ratio.error, trials, shown, detail, outcome: judgement.outcome, margin: judgement.margin, note: oneTrialNote(trials, judgement) };
}

export function checkSentence(check: Check): string {
  const where = check.connections === null ? '' : ` at ${levelText(check.connections, check.levelLabel)}${check.parameters ? ` (${check.parameters})` : ''}`;
  if (check.outcome === 'unclear' && check.value === null) return check.note ?? `${check.subject}: no data`;
  const detail = check.detail ? ` (${check.detail})` : '';
  const sentence = `${check.subject}: ${check.shown}${detail}${where}, needs ${check.threshold}`;
  return check.outcome === 'unclear' && check.note ? `${sentence}; ${check.note}` : sentence;
}

function because(verdict: Verdict, judged: readonly Check[]): string {
  if (judged.length === 0) return 'nothing to judge';
  const oneTrial = judged.some((c) => c.value !== null && c.trials < 2) ? ' (1 trial: no noise estimate)' : '';
  const more = (n: number) => (n > 0 ? ` (and ${n} more)` : '');
  if (verdict === 'supported') {
    const closest = [...judged].sort((p, q) => (p.margin ?? 0) - (q.margin ?? 0))[0]!;
    return `${judged.length === 1 ? '' : `all ${judged.length} checks pass; closest: `}${checkSentence(closest)}${oneTrial}`;
  }
  if (verdict === 'refuted') {
    const failing = judged.filter((c) => c.outcome === 'fail').sort((p, q) => (p.margin ?? 0) - (q.margin ?? 0));
    return `${checkSentence(failing[0]!)}${more(failing.length - 1)}${oneTrial}`;
  }
  const open = judged.filter((c) => c.outcome === 'unclear');
  const passing = judged.filter((c) => c.outcome === 'pass').length;
  const prefix = passing > 0 ? `${passing} of ${judged.length} checks pass; ` : '';
  return `${prefix}${checkSentence(open[0]!)}${more(open.length - 1)}`;
}
