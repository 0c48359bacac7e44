/**
 * Two runs, cell group by cell group (server, workload, parameters, connections): the ratio of
 * successful req/s, b over a, as the ratio of geometric means with a 95% interval, and whether the
 * change is beyond the noise of both runs. Two runs are not interleaved, so nothing pairs their
 * trials: the interval is Welch's, on the logs of each side's trials (significance.ts has the test).
 * Pure: two results in, rows out.
 */
import { FIGURES } from '../claims/figures.js';
import { studentT, type Interval } from '../measure/paired.js';
import { mean, spread, standardDeviation, type Spread } from '../measure/stats.js';
import { isCompleted, whyNotCompleted, type Results } from '../results/schema.js';
import { groupCells, parameterKey, type CellGroup } from '../results/groups.js';
import { significance, type Significance } from './significance.js';

export interface CompareRow {
  server: string;
  workload: string;
  parameters: string;
  connections: number;
  a: Spread | undefined;
  b: Spread | undefined;
  /**
   * b / a: the ratio of geometric means with its 95% Welch interval (undefined with one trial a side: the estimate
   * alone is in `change`).
   */
  ratio: Interval | undefined;
  /** (b - a) / a of the means, e.g. -0.2 for 20% slower. */
  change: number | undefined;
  significance: Significance | undefined;
  /** 'untested': a side has one trial, so there is no noise to test against. */
  verdict: 'faster' | 'slower' | 'within noise' | 'untested' | 'not compared';
  /** A significant slow-down at least as large as the threshold. */
  regression: boolean;
  note: string | null;
}

export interface Comparison {
  rows: CompareRow[];
  /** Geometric mean of the ratios that exist (benchstat's summary line). */
  geomean: number | undefined;
  regressions: number;
  improvements: number;
  /** Groups with a single trial on a side: compared, but not tested for significance. */
  untested: number;
  /** Context that differs between the runs and may explain a change. */
  differences: string[];
  thresholdPercent: number;
}

const key = (g: CellGroup) => [g.server, g.workload, parameterKey(g.parameters), g.connections].join('|');
const goodput = (g: CellGroup | undefined) =>
  g ? g.completed.map(FIGURES.goodput.pick).filter((v): v is number => v !== null) : [];

function why(group: CellGroup | undefined, side: string): string | null {
  if (!group) return `only in ${side === 'a' ? 'b' : 'a'}`;
  const first = group.trials[0];
  if (group.completed.length === 0)
    return (
      `no completed trial in ${side} (${first?.outcome ?? 'none'}` +
      `${first && !isCompleted(first) ? `: ${whyNotCompleted(first)}` : ''})`
    );
  return null;
}

export function compareRuns(a: Results, b: Results, thresholdPercent = 0): Comparison {
  const groupsA = new Map(groupCells(a.cells).map((g) => [key(g), g]));
  const groupsB = new Map(groupCells(b.cells).map((g) => [key(g), g]));
  const order = [...new Set([...a.servers.map((s) => s.name), ...b.servers.map((s) => s.name)])];
  const keys = [...new Set([...groupsA.keys(), ...groupsB.keys()])];
  const rows: CompareRow[] = keys.map((k) => {
    const ga = groupsA.get(k);
    const gb = groupsB.get(k);
    const any = (ga ?? gb)!;
    const base = {
      server: any.server,
      workload: any.workload,
      parameters: parameterKey(any.parameters),
      connections: any.connections,
    };
    const va = goodput(ga);
    const vb = goodput(gb);
    const note = why(ga, 'a') ?? why(gb, 'b') ?? (va.length === 0 || vb.length === 0 ? 'no req/s recorded' : null);
    const sa = va.length ? spread(va) : undefined;
    const sb = vb.length ? spread(vb) : undefined;
    if (note)
      return {
        ...base,
        a: sa,
        b: sb,
        ratio: undefined,
        change: undefined,
        significance: undefined,
        verdict: 'not compared',
        regression: false,
        note,
      };
    const ratio = unpairedRatio(vb, va);
    const change = sa!.mean > 0 ? sb!.mean / sa!.mean - 1 : undefined;
    const test = significance(va.filter((v) => v > 0).map(Math.log), vb.filter((v) => v > 0).map(Math.log));
    const beyond = ratio !== undefined && (ratio.low > 1 || ratio.high < 1);
    const verdict =
      test.method === 'none'
        ? 'untested'
        : !beyond || change === undefined || change === 0
          ? 'within noise'
          : change > 0
            ? 'faster'
            : 'slower';
    const regression = verdict === 'slower' && -change! * 100 >= thresholdPercent;
    return {
      ...base,
      a: sa,
      b: sb,
      ratio,
      change,
      significance: test,
      verdict,
      regression,
      note: ratio || test.method === 'none' ? null : 'a mean of zero req/s',
    };
  });
  rows.sort(
    (x, y) =>
      order.indexOf(x.server) - order.indexOf(y.server) ||
      x.workload.localeCompare(y.workload) ||
      x.parameters.localeCompare(y.parameters, 'en', { numeric: true }) ||
      x.connections - y.connections,
  );
  const ratios = rows
    .map((r) => r.ratio?.estimate ?? (r.change === undefined ? undefined : r.change + 1))
    .filter((v): v is number => v !== undefined && v > 0);
  return {
    rows,
    geomean: ratios.length ? Math.exp(ratios.reduce((s, v) => s + Math.log(v), 0) / ratios.length) : undefined,
    regressions: rows.filter((r) => r.regression).length,
    improvements: rows.filter((r) => r.verdict === 'faster').length,
    untested: rows.filter((r) => r.verdict === 'untested').length,
    differences: contextDifferences(a, b),
    thresholdPercent,
  };
}

/**
 * b over a for two independent samples: the ratio of geometric means, with a Welch interval on
 * the difference of the mean logs (Welch–Satterthwaite degrees of freedom). Undefined with fewer
 * than two positive values on a side.
 */
export function unpairedRatio(b: readonly number[], a: readonly number[], level = 0.95): Interval | undefined {
  const [lb, la] = [b.filter((v) => v > 0).map(Math.log), a.filter((v) => v > 0).map(Math.log)];
  if (lb.length < 2 || la.length < 2) return undefined;
  const [vb, va] = [standardDeviation(lb) ** 2 / lb.length, standardDeviation(la) ** 2 / la.length];
  const difference = mean(lb) - mean(la);
  const se = Math.sqrt(vb + va);
  const df = se === 0 ? 1e6 : (vb + va) ** 2 / (vb ** 2 / (lb.length - 1) + va ** 2 / (la.length - 1));
  const half = studentT(1 - (1 - level) / 2, Math.max(1, df)) * se;
  return {
    estimate: Math.exp(difference),
    low: Math.exp(difference - half),
    high: Math.exp(difference + half),
    level,
    method: 't',
  };
}

/** What differs between the runs' machines and plans: a change may come from there. */
export function contextDifferences(a: Results, b: Results): string[] {
  const pairs: [string, unknown, unknown][] = [
    ['CPU', `${a.environment.cpuModel} x${a.environment.cores}`, `${b.environment.cpuModel} x${b.environment.cores}`],
    ['Node.js', a.environment.node, b.environment.node],
    ['Python', a.environment.python, b.environment.python],
    ['PostgreSQL', a.environment.postgres, b.environment.postgres],
    [
      'load generator',
      `${a.environment.loadGenerator.driver} ${a.environment.loadGenerator.version}`,
      `${b.environment.loadGenerator.driver} ${b.environment.loadGenerator.version}`,
    ],
    ['pinning', a.environment.pinning.note, b.environment.pinning.note],
    ['process model', a.environment.processModel, b.environment.processModel],
    ['duration per trial', `${a.plan.durationSeconds} s`, `${b.plan.durationSeconds} s`],
    ['rounds', a.plan.rounds, b.plan.rounds],
    ['rows', a.plan.rows, b.plan.rows],
  ];
  return pairs.filter(([, x, y]) => x !== y).map(([what, x, y]) => `${what}: ${String(x)} in a, ${String(y)} in b`);
}
