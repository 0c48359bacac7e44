/**
 * Results in, verdicts out: each claim of the catalogue is supported, refuted or inconclusive,
 * with the checks (numbers against thresholds) that decided it. Pure: no I/O.
 *
 * A comparison is the geometric mean of per-round ratios (the two sides ran in the same round of
 * an interleaved block) with its interval; a single-trial comparison is widened by the run's A/A
 * noise floor; a bound is judged on the interval of the mean over rounds. judge.ts turns an
 * interval into pass, fail or unclear with a band between them. A claim is supported when every
 * judged check passes and refuted when one fails, that side read on Bonferroni-corrected intervals.
 * A quick run's claims are indicative (claims/indicative.ts): every check stays unclear and says
 * where its estimate points, a single trial without a floor judged on its value alone.
 */
import type { Results } from '../results/schema.js';
import { parameterKey } from '../results/groups.js';
import {
  floorInterval,
  meanInterval,
  noiseFloor,
  pairedRatio,
  type Interval,
  type NoiseFloor,
} from '../measure/paired.js';
import { bonferroni, roundsNeeded, roundsNeededForMean, roundsToDecideAdvantage } from '../measure/rule.js';
import { standardDeviation } from '../measure/stats.js';
import { aaPairs, atLeastOneResponse, pairByRound, roundRatios } from '../results/pairs.js';
import { CLAIMS } from './catalogue.js';
import { castClaim, castOf } from './cast.js';
import { FIGURES, type Figure } from './figures.js';
import { isIndicative } from './indicative.js';
import { decidingRatios, judgeBound, judgeRatio, thresholdText, type Estimated, type Judgement } from './judge.js';
import { formatFigure, formatInterval, formatPair } from './present.js';
import { CellIndex, chooseLevels, describeSide, levelText, readSeries } from './select.js';
import type {
  BoundTest,
  Check,
  CheckInterval,
  CheckOutcome,
  Claim,
  ClaimResult,
  ClaimTest,
  ParameterValues,
  RatioTest,
  Side,
  Verdict,
} from './types.js';

export function evaluateClaims(results: Results, claims: readonly Claim[] = CLAIMS): ClaimResult[] {
  const judging = judgingContext(results);
  // Servers verdict did not start play the parts of the servers the claims name (cast.ts).
  const cast = castOf(results);
  return claims.map((claim) => evaluateClaim(judging, castClaim(claim, cast)));
}

/** What every check of a run is judged with: its cells, its A/A floor and its looks. */
export interface Judging {
  index: CellIndex;
  floor: NoiseFloor | undefined;
  looks: Results['plan']['looks'];
  confidence: number;
  /** Judged checks in the claim being evaluated: the refuting side's Bonferroni k. */
  k: number;
  /** A quick run: its checks point, they do not decide. */
  indicative: boolean;
}

export function judgingContext(results: Results): Judging {
  const goodput = FIGURES.goodput;
  const aa = aaPairs(results.cells, goodput.pick);
  return {
    index: new CellIndex(results),
    floor: noiseFloor(roundRatios(aa, 'higher'), results.plan.confidence),
    looks: results.plan.looks,
    confidence: results.plan.confidence,
    k: 1,
    indicative: isIndicative(results.plan),
  };
}

/** The run's A/A noise floor, as the report prints it. */
export function runNoiseFloor(results: Results): NoiseFloor | undefined {
  return judgingContext(results).floor;
}

export function evaluateClaim(judging: Judging, claim: Claim): ClaimResult {
  // Count the judged checks first: with k of them, the refuting side reads 1 - alpha/k intervals.
  const k = Math.max(
    1,
    claim.tests.flatMap((test) => runTest({ ...judging, k: 1 }, test)).filter((c) => c.role === 'judged').length,
  );
  const checks = claim.tests
    .flatMap((test) => runTest({ ...judging, k }, test))
    .map((c) => (judging.indicative && c.value !== null ? indicativeCheck(c) : c));
  const judged = checks.filter((c) => c.role === 'judged');
  const verdict = judging.indicative ? 'inconclusive' : combine(judged);
  const servers = (role: Check['role']) => [
    ...new Set(checks.filter((c) => c.role === role).flatMap((c) => c.servers)),
  ];
  return {
    id: claim.id,
    quote: claim.quote,
    section: claim.section,
    predicate: claim.predicate,
    rationale: claim.rationale,
    alsoQuoted: claim.alsoQuoted ?? [],
    verdict,
    because: judging.indicative ? indicativeBecause(judged) : because(verdict, judged),
    judged: [...new Set(claim.tests.flatMap(judgedServers))],
    beside: servers('beside').filter((s) => !claim.tests.flatMap(judgedServers).includes(s)),
    workloads: [
      ...new Set(
        claim.tests
          .flatMap((t) => [t.workload, ...(t.kind === 'ratio' ? [t.a.workload, t.b.workload] : [])])
          .filter((w): w is string => Boolean(w)),
      ),
    ],
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

function runTest(judging: Judging, test: ClaimTest): Check[] {
  return test.kind === 'bound' ? boundChecks(judging, test) : ratioChecks(judging, test);
}

/**
 * The level a check with n rounds is judged at: the level of the last look it reached (alpha is
 * spent across the looks); a block planned with fewer rounds than the first look has no looks, and
 * uses the whole confidence.
 */
function supportLevel(judging: Judging, n: number): number {
  const reached = judging.looks.filter((look) => look.rounds <= n);
  return reached.length ? reached.at(-1)!.level : judging.confidence;
}

const toCheckInterval = (interval: Interval): CheckInterval => ({
  low: interval.low,
  high: interval.high,
  level: interval.level,
  method: interval.method,
});

/**
 * A value as an interval of no width, on both sides: where a single trial without an A/A floor
 * points. Only a quick run judges on it, and only to say where its check points.
 */
const pointEstimate = (value: number): Estimated => {
  const point: Interval = { estimate: value, low: value, high: value, level: 0, method: 't' };
  return { support: point, refute: point };
};

/** In a quick run, a check that has a value points; it does not decide, and more rounds are not planned for it. */
function indicativeCheck(check: Check): Check {
  const where =
    check.outcome === 'pass' ? 'would pass' : check.outcome === 'fail' ? 'would fail' : 'is between the thresholds';
  return {
    ...check,
    outcome: 'unclear',
    pointsTo: check.outcome,
    margin: null,
    roundsNeeded: null,
    note: `indicative only (quick run): the estimate ${where}`,
  };
}

/** An estimate at both levels, from per-round ratios (n ≥ 2) or one ratio and the floor. */
function ratioEstimate(
  judging: Judging,
  ratios: number[],
): { estimated: Estimated; estimate: number; logMean: number; logSd: number } | string {
  const level = supportLevel(judging, ratios.length);
  const refuteLevel = bonferroni(level, judging.k);
  if (ratios.length >= 2) {
    const support = pairedRatio(ratios, level)!;
    const refute = pairedRatio(ratios, refuteLevel)!;
    return {
      estimated: { support, refute },
      estimate: support.estimate,
      logMean: Math.log(support.estimate),
      logSd: support.logSd,
    };
  }
  if (ratios.length === 1) {
    if (!judging.floor) return 'one trial a side and no A/A noise floor in this run (run the users workload with it)';
    return {
      estimated: {
        support: floorInterval(ratios[0]!, judging.floor, level),
        refute: floorInterval(ratios[0]!, judging.floor, refuteLevel),
      },
      estimate: ratios[0]!,
      logMean: Math.log(ratios[0]!),
      logSd: judging.floor.logSd,
    };
  }
  return 'no round in which both sides completed';
}

/**
 * Per-round values (n ≥ 2) or one value and the floor, at both levels. Rates, times and sizes vary
 * by multiples (machine noise multiplies), so their interval is the geometric mean's, on the logs;
 * shares can be 0 and use the arithmetic mean.
 */
function valueEstimate(judging: Judging, values: number[], multiplicative: boolean): Estimated | string {
  const level = supportLevel(judging, values.length);
  const refuteLevel = bonferroni(level, judging.k);
  if (values.length >= 2 && multiplicative && values.every((v) => v > 0)) {
    const logs = values.map(Math.log);
    const back = (interval: Interval): Interval => ({
      ...interval,
      estimate: Math.exp(interval.estimate),
      low: Math.exp(interval.low),
      high: Math.exp(interval.high),
    });
    return { support: back(meanInterval(logs, level)!), refute: back(meanInterval(logs, refuteLevel)!) };
  }
  if (values.length >= 2) return { support: meanInterval(values, level)!, refute: meanInterval(values, refuteLevel)! };
  if (values.length === 1) {
    if (!judging.floor) return 'one trial and no A/A noise floor in this run';
    const widen = (interval: Interval): Interval => ({
      ...interval,
      low: values[0]! * (interval.low / interval.estimate),
      high: values[0]! * (interval.high / interval.estimate),
      estimate: values[0]!,
    });
    return {
      support: widen(floorInterval(1, judging.floor, level)),
      refute: widen(floorInterval(1, judging.floor, refuteLevel)),
    };
  }
  return 'no completed trial';
}

/** Whether the ratio alone would decide the check: then an open verdict comes from the difference. */
function ratioClears(ratio: Estimated, expect: RatioTest['expect']): boolean {
  if (expect.kind === 'advantage') return ratio.support.low >= expect.win || ratio.refute.high <= expect.none;
  if (expect.kind === 'not-worse') return ratio.refute.high < expect.ratio;
  return ratio.refute.low >= expect.ratio || ratio.refute.high <= 1 / expect.ratio;
}

/** Per-round differences (a better: positive), or one difference widened by the floor on each side. */
function differenceEstimate(
  judging: Judging,
  a: number[],
  b: number[],
  better: Figure['better'],
): Estimated | undefined {
  const differences = a.map((value, i) => (better === 'higher' ? value - b[i]! : b[i]! - value));
  const level = supportLevel(judging, differences.length);
  const refuteLevel = bonferroni(level, judging.k);
  if (differences.length >= 2)
    return { support: meanInterval(differences, level)!, refute: meanInterval(differences, refuteLevel)! };
  if (differences.length === 1 && judging.floor) {
    const at = (lvl: number): Interval => {
      const f = floorInterval(1, judging.floor!, lvl).high;
      const [good, bad] = better === 'higher' ? [a[0]!, b[0]!] : [b[0]!, a[0]!];
      return {
        estimate: differences[0]!,
        low: good / f - bad * f,
        high: good * f - bad / f,
        level: lvl,
        method: 'floor',
      };
    };
    return { support: at(level), refute: at(refuteLevel) };
  }
  return undefined;
}

type CheckBase = Omit<
  Check,
  | 'value'
  | 'interval'
  | 'refuteInterval'
  | 'trials'
  | 'values'
  | 'shown'
  | 'detail'
  | 'outcome'
  | 'margin'
  | 'note'
  | 'roundsNeeded'
>;

/** A check that could not compare anything: the reason is the note. */
function unclear(base: CheckBase, note: string): Check {
  return {
    ...base,
    value: null,
    interval: null,
    refuteInterval: null,
    trials: 0,
    values: [],
    shown: '–',
    detail: '',
    outcome: 'unclear',
    margin: null,
    note,
    roundsNeeded: null,
  };
}

const rounds = (n: number) => `${n} round${n === 1 ? '' : 's'}`;

/** Why an interval left a check open, which figure would decide it, and about how many rounds would. */
function openNote(what: string, needed: number | null | 'unknown', n: number, single: boolean): string {
  if (single)
    return (
      `${what}, widened by the run's A/A noise floor, spans a threshold: one trial a side cannot decide it; ` +
      `measure this workload in more rounds (--rounds)`
    );
  if (needed === 'unknown') return `${what} spans its threshold after ${rounds(n)}; more rounds may decide it`;
  if (needed === null) return `${what} sits so close to a threshold that more than 200 rounds would likely be needed`;
  return (
    `${what} is between the thresholds after ${rounds(n)}; about ${needed > 200 ? 'more than 200' : needed} ` +
    `rounds in all would likely decide it`
  );
}

function boundChecks(judging: Judging, test: BoundTest): Check[] {
  const figure = FIGURES[test.figure];
  const threshold =
    test.min !== undefined ? `≥ ${formatFigure(test.min, figure)}` : `≤ ${formatFigure(test.max ?? 0, figure)}`;
  const checks: Check[] = [];
  for (const [role, servers] of [
    ['judged', test.servers],
    ['beside', test.beside],
  ] as const) {
    for (const server of servers) {
      const groups = judging.index.of(server, test.workload);
      if (groups.length === 0 && role === 'beside') continue;
      const base = {
        role: role as Check['role'],
        subject: server,
        servers: [server],
        workload: test.workload,
        parameters: '',
        levelLabel: judging.index.levelLabel(test.workload),
        figure: figure.label,
        threshold,
        block: null,
        arms: [{ server, workload: test.workload, parameters: {}, aa: false }],
      };
      const choice = chooseLevels(
        test.levels,
        groups.map((g) => g.connections),
        test.workload,
        base.levelLabel,
      );
      if (choice.problem !== undefined) {
        checks.push(
          unclear(
            { ...base, connections: null },
            groups.length ? choice.problem : `${server}: ${test.workload} not measured in this run`,
          ),
        );
        continue;
      }
      for (const connections of choice.levels) {
        const group = groups.find((g) => g.connections === connections);
        const where = `${server} ${test.workload} at ${levelText(connections, base.levelLabel)}`;
        const series = readSeries(group, figure, where);
        const at = { ...base, connections, block: group?.completed[0]?.block ?? null };
        if (series.problem || !series.spread) {
          checks.push(unclear(at, series.problem ?? 'no data'));
          continue;
        }
        const estimate = valueEstimate(judging, series.values, figure.unit !== 'share');
        if (typeof estimate === 'string' && judging.indicative && series.values.length === 1) {
          const value = series.values[0]!;
          checks.push({
            ...at,
            value,
            interval: null,
            refuteInterval: null,
            trials: 1,
            values: [value],
            shown: `${formatFigure(value, figure)}, 1 round`,
            detail: '',
            outcome: judgeBound(pointEstimate(value), test).outcome,
            margin: null,
            note: null,
            roundsNeeded: null,
          });
          continue;
        }
        if (typeof estimate === 'string') {
          checks.push(unclear(at, `${where}: ${estimate}`));
          continue;
        }
        const shown = formatInterval(estimate.support, (v) => formatFigure(v, figure), series.values.length);
        const judgement = judgeBound(estimate, test);
        const bound = test.min ?? test.max ?? 0;
        const geometric = figure.unit !== 'share' && series.values.every((v) => v > 0) && bound > 0;
        const logs = series.values.map(Math.log);
        const logSd = standardDeviation(logs);
        const needed =
          judgement.outcome !== 'unclear' || series.values.length < 2
            ? null
            : geometric
              ? roundsNeeded(
                  { n: series.values.length, logMean: Math.log(estimate.support.estimate), logSd },
                  [bound],
                  estimate.support.level,
                )
              : roundsNeededForMean(
                  { n: series.values.length, mean: series.spread.mean, sd: series.spread.stddev },
                  [bound],
                  estimate.support.level,
                );
        checks.push({
          ...at,
          value: estimate.support.estimate,
          interval: toCheckInterval(estimate.support),
          refuteInterval: toCheckInterval(estimate.refute),
          trials: series.values.length,
          values: series.values,
          shown,
          detail: '',
          outcome: judgement.outcome,
          margin: judgement.margin,
          note:
            judgement.outcome === 'unclear'
              ? openNote(figure.label, needed, series.values.length, series.values.length < 2)
              : null,
          roundsNeeded: needed,
        });
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
      for (const name of test.splitBy ?? [])
        if (group.parameters[name] !== undefined) values[name] = group.parameters[name]!;
      found.set(parameterKey(values), values);
    }
  }
  return [...found.entries()].sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true })).map(([, v]) => v);
}

function ratioChecks(judging: Judging, test: RatioTest): Check[] {
  const index = judging.index;
  const figure = FIGURES[test.figure];
  const threshold = thresholdText(test.expect, figure.unit);
  const pairs = [
    { pair: { a: test.a, b: test.b }, role: 'judged' as const },
    ...(test.beside ?? []).map((pair) => ({ pair, role: 'beside' as const })),
  ];
  const checks: Check[] = [];
  for (const { pair, role } of pairs) {
    const subject = `${describeSide(pair.a)} vs ${describeSide(pair.b)}`;
    const base = {
      role,
      subject,
      servers: [...new Set([pair.a.server, pair.b.server])],
      workload: test.workload,
      levelLabel: judging.index.levelLabel(test.workload),
      figure: `${figure.label} ratio`,
      threshold,
      block: null,
      arms: [],
    };
    const sets = splits(index, test, pair);
    if (sets.length === 0) {
      if (role === 'beside') continue;
      const at = test.parameterAtLeast;
      const filteredOut = at && index.of(pair.a.server, pair.a.workload ?? test.workload).length > 0;
      checks.push(
        unclear(
          { ...base, parameters: '', connections: null },
          filteredOut
            ? `${subject}: no ${test.workload} cell with ${at.name} of ${at.min} or more`
            : `${subject}: ${test.workload} not measured in this run`,
        ),
      );
      continue;
    }
    for (const split of sets) {
      const parameters = parameterKey(split);
      const levelsOf = (side: Side) =>
        index.of(side.server, side.workload ?? test.workload, { ...split, ...side.parameters });
      const [groupsA, groupsB] = [levelsOf(pair.a), levelsOf(pair.b)];
      // Only levels both sides ran are compared: one side's extra levels have nothing to compare with.
      const levelsB = new Set(groupsB.map((g) => g.connections));
      const both = groupsA.map((g) => g.connections).filter((l) => levelsB.has(l));
      const absent = groupsA.length === 0 ? pair.a : groupsB.length === 0 ? pair.b : undefined;
      // Context is shown only where it was measured; a judged side that is missing is the answer.
      if (absent && role === 'beside') continue;
      const choice = absent
        ? {
            levels: [],
            problem:
              `${describeSide(absent)}: ` +
              `${absent.workload ? '' : `${test.workload}${parameters ? ` (${parameters})` : ''} `}not measured ` +
              `in this run`,
          }
        : both.length === 0
          ? { levels: [], problem: `${describeSide(pair.a)} and ${describeSide(pair.b)} ran no level in common` }
          : chooseLevels(test.levels, both, test.workload, base.levelLabel);
      if (choice.problem !== undefined) {
        checks.push(unclear({ ...base, parameters, connections: null }, choice.problem));
        continue;
      }
      for (const connections of choice.levels)
        checks.push(ratioCheck(judging, test, pair, split, connections, { ...base, parameters }));
    }
  }
  return checks;
}

function ratioCheck(
  judging: Judging,
  test: RatioTest,
  pair: { a: Side; b: Side },
  split: ParameterValues,
  connections: number,
  base: Omit<CheckBase, 'connections'>,
): Check {
  const figure = FIGURES[test.figure];
  const where = `at ${levelText(connections, base.levelLabel)}${base.parameters ? ` (${base.parameters})` : ''}`;
  const groupA = judging.index.pick(pair.a, test.workload, connections, split, figure);
  const groupB = judging.index.pick(pair.b, test.workload, connections, split, figure);
  const subject = `${describeSide(pair.a, groupA)} vs ${describeSide(pair.b, groupB)}`;
  const a = readSeries(groupA, figure, `${describeSide(pair.a)} ${where}`);
  const b = readSeries(groupB, figure, `${describeSide(pair.b)} ${where}`);
  const arm = (group: typeof groupA, side: Side) => ({
    server: side.server,
    workload: side.workload ?? test.workload,
    parameters: group?.parameters ?? {},
    aa: false,
  });
  const at = {
    ...base,
    subject,
    connections,
    block: groupA?.completed[0]?.block ?? groupA?.trials[0]?.block ?? null,
    arms: [arm(groupA, pair.a), arm(groupB, pair.b)],
  };
  if (a.problem || b.problem) return unclear(at, (a.problem ?? b.problem)!);
  // Rates of zero count as one response per trial (a lower bound on the other side's advantage);
  // latencies and shares have no such reading.
  const paired = pairByRound(
    groupA!.completed,
    groupB!.completed,
    figure.unit === 'req/s' || figure.unit === 'msg/s' ? atLeastOneResponse(figure.pick) : figure.pick,
  );
  const detail = formatPair(a.spread!.mean, b.spread!.mean, figure);
  const ratios = roundRatios(paired, figure.better);
  const estimate = ratioEstimate(judging, ratios);
  const needsDifference =
    (test.expect.kind === 'advantage' && test.expect.noticeable !== undefined) ||
    (test.expect.kind !== 'advantage' && test.expect.absolute !== undefined);
  if (typeof estimate === 'string' && judging.indicative && ratios.length === 1) {
    const ratio = ratios[0]!;
    const gap = figure.better === 'higher' ? paired.a[0]! - paired.b[0]! : paired.b[0]! - paired.a[0]!;
    const pointsTo = judgeRatio(
      pointEstimate(ratio),
      test.expect,
      needsDifference ? pointEstimate(gap) : undefined,
    ).outcome;
    return {
      ...at,
      value: ratio,
      interval: null,
      refuteInterval: null,
      trials: 1,
      values: [ratio],
      shown: `${ratio.toFixed(2)}x, 1 round`,
      detail,
      outcome: pointsTo,
      margin: null,
      note: null,
      roundsNeeded: null,
    };
  }
  if (typeof estimate === 'string') return unclear(at, `${subject} ${where}: ${estimate}`);
  const difference = needsDifference ? differenceEstimate(judging, paired.a, paired.b, figure.better) : undefined;
  const judgement: Judgement = judgeRatio(estimate.estimated, test.expect, difference);
  const n = ratios.length;
  const sample = { n, logMean: estimate.logMean, logSd: estimate.logSd };
  const inGap =
    test.expect.kind === 'advantage' &&
    n >= 2 &&
    estimate.estimate >= test.expect.none &&
    estimate.estimate <= test.expect.win &&
    !(test.expect.noticeable !== undefined);
  // An advantage whose estimate lies between 1.00 and 1.10 cannot be decided by more rounds: null.
  const needed =
    judgement.outcome !== 'unclear' || n < 2
      ? null
      : test.expect.kind === 'advantage'
        ? roundsToDecideAdvantage(
            sample,
            { support: estimate.estimated.support.level, refute: estimate.estimated.refute.level },
            { win: test.expect.win, none: test.expect.none },
          )
        : roundsNeeded(sample, decidingRatios(test.expect), estimate.estimated.support.level);
  // Shown as a − b in the figure's own sign (a latency gap of +248 ms means a waits longer).
  const signed =
    difference && figure.better === 'lower'
      ? {
          ...difference.support,
          estimate: -difference.support.estimate,
          low: -difference.support.high,
          high: -difference.support.low,
        }
      : difference?.support;
  const plus = (v: number) => `${v > 0 ? '+' : v < 0 ? '-' : ''}${formatFigure(Math.abs(v), figure)}`;
  const differenceText = signed ? `; difference ${formatInterval(signed, plus, n, false)}` : '';
  return {
    ...at,
    value: estimate.estimate,
    interval: toCheckInterval(estimate.estimated.support),
    refuteInterval: toCheckInterval(estimate.estimated.refute),
    trials: n,
    values: ratios,
    shown: `${formatInterval(estimate.estimated.support, (v) => `${v.toFixed(2)}x`, n)}${differenceText}`,
    detail,
    outcome: judgement.outcome,
    margin: judgement.margin,
    note:
      judgement.outcome !== 'unclear'
        ? null
        : difference && ratioClears(estimate.estimated, test.expect)
          ? openNote(`the ${figure.label} difference`, 'unknown', n, n < 2)
          : inGap
            ? `the ${figure.label} ratio lies between ` +
              `${test.expect.kind === 'advantage' ? `${test.expect.none}x and ${test.expect.win}x` : ''}: a ` +
              `difference inside the noise band, which more rounds would not turn into an advantage`
            : openNote(`the ${figure.label} ratio`, needed, n, n < 2),
    roundsNeeded: needed,
  };
}

export function checkSentence(check: Check): string {
  const where =
    check.connections === null
      ? ''
      : ` at ${levelText(check.connections, check.levelLabel)}${check.parameters ? ` (${check.parameters})` : ''}`;
  if (check.outcome === 'unclear' && check.value === null) return check.note ?? `${check.subject}: no data`;
  const detail = check.detail ? ` (${check.detail})` : '';
  const sentence = `${check.subject}: ${check.shown}${detail}${where}, needs ${check.threshold}`;
  return check.outcome === 'unclear' && check.note ? `${sentence}; ${check.note}` : sentence;
}

/**
 * A quick run's "decided by": where the judged checks point together (as combine would read them
 * were they decided), and the check that shows it, its numbers without the repeated note.
 */
function indicativeBecause(judged: readonly Check[]): string {
  if (judged.length === 0) return 'nothing to judge';
  const pointing = (outcome: CheckOutcome) => judged.filter((c) => (c.pointsTo ?? 'unclear') === outcome);
  const lean = combine(judged.map((c) => ({ ...c, outcome: c.pointsTo ?? 'unclear' })));
  const shown = lean === 'refuted' ? pointing('fail')[0]! : lean === 'supported' ? judged[0]! : pointing('unclear')[0]!;
  const sentence = checkSentence(shown.value === null ? shown : { ...shown, note: null });
  const more = judged.length > 1 ? ` (and ${judged.length - 1} more check${judged.length === 2 ? '' : 's'})` : '';
  const where =
    lean !== 'inconclusive' ? `, points to ${lean}` : shown.value !== null ? ', between the thresholds' : '';
  return `indicative only (quick run)${where}: ${sentence}${more}`;
}

function because(verdict: Verdict, judged: readonly Check[]): string {
  if (judged.length === 0) return 'nothing to judge';
  const oneTrial = '';
  const more = (n: number) => (n > 0 ? ` (and ${n} more)` : '');
  if (verdict === 'supported') {
    const closest = [...judged].sort((p, q) => (p.margin ?? 0) - (q.margin ?? 0))[0]!;
    return (
      `${judged.length === 1 ? '' : `all ${judged.length} checks pass; closest: `}${checkSentence(closest)}` +
      `${oneTrial}`
    );
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
