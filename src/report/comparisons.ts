/**
 * Relative throughput between servers, from interleaved rounds: each round's ratio of the two
 * servers' req/s, and their geometric mean with a 95% interval (Student t on the log ratios,
 * bootstrap from 10 rounds): "node-fastify ran 3.10x [2.95x, 3.26x] faster than node-express-seed
 * at 100 connections". A single round a side is widened by the run's A/A noise floor; without one,
 * a quick run prints the ratio alone, as indicative (claims/indicative.ts).
 */
import { floorInterval, noiseFloor, pairedRatio, type Interval } from '../measure/paired.js';
import { aaPairs, atLeastOneResponse, pairByRound, roundRatios } from '../results/pairs.js';
import type { Results, ServerInfo } from '../results/schema.js';
import { isIndicative } from '../claims/indicative.js';
import { formatInterval } from '../claims/present.js';
import { groupCells, notImplemented, parameterKey, type CellGroup } from '../results/groups.js';

/** Below one request a second a mean is a handful of responses: no ratio is worth printing. */
const ALMOST_NOTHING_RPS = 1;

export interface Comparison {
  /** Why this pair is compared: seed vs seed, tuned vs its own seed, ... */
  kind: string;
  workload: string;
  parameters: CellGroup['parameters'];
  connections: number;
  /** The faster server first (by the estimate). */
  faster: string;
  slower: string;
  /** faster over slower: the geometric mean of the per-round ratios and its interval. */
  ratio: Interval | undefined;
  /** True when the interval includes 1: the two are within the noise of each other. */
  withinNoise: boolean;
  /** Rounds in which both completed. */
  trials: number;
  /** Why no ratio: a side had no completed trial, or a mean of zero. */
  missing?: string;
  /** A quick run's single round without a floor: faster over slower, with no interval (indicative). */
  indicative?: number;
}

/**
 * The pairs worth reading: each variant across runtimes (seed vs seed, tuned vs tuned, and the two
 * runtimes' ceilings, reference vs reference), and each runtime's variants against each other
 * (pool vs seed, tuned vs seed, tuned vs pool). A reference against its own runtime's servers is a
 * framework cost, printed as a share by framework-cost.ts rather than as "faster than" here.
 */
export function comparisonPairs(servers: readonly ServerInfo[]): { a: ServerInfo; b: ServerInfo; kind: string }[] {
  const rank = { seed: 0, pool: 1, tuned: 2, reference: 3 } as const;
  const pairs: { a: ServerInfo; b: ServerInfo; kind: string }[] = [];
  for (const variant of ['seed', 'pool', 'tuned', 'reference'] as const) {
    const node = servers.find((s) => s.runtime === 'node' && s.variant === variant);
    const python = servers.find((s) => s.runtime === 'python' && s.variant === variant);
    if (node && python) pairs.push({ a: node, b: python, kind: `${variant} vs ${variant}` });
  }
  for (const runtime of ['node', 'python'] as const) {
    const own = servers
      .filter((s) => s.runtime === runtime && s.variant !== 'reference')
      .sort((x, y) => rank[y.variant] - rank[x.variant]);
    for (let i = 0; i < own.length; i += 1) {
      for (let j = i + 1; j < own.length; j += 1) {
        if (own[i]!.variant !== own[j]!.variant)
          pairs.push({
            a: own[i]!,
            b: own[j]!,
            kind: `${own[i]!.variant} vs ${own[j]!.variant === 'seed' ? 'its own seed' : own[j]!.variant}`,
          });
      }
    }
  }
  return pairs;
}

export function compareServers(results: Results, workload = 'users'): Comparison[] {
  const groups = groupCells(results.cells).filter((g) => g.workload === workload);
  const find = (server: string, connections: number, key: string) =>
    groups.find((g) => g.server === server && g.connections === connections && parameterKey(g.parameters) === key);
  const floor = noiseFloor(
    roundRatios(
      aaPairs(results.cells, (c) => c.requestsPerSecond),
      'higher',
    ),
    results.plan.confidence,
  );
  const comparisons: Comparison[] = [];
  const levels = [...new Set(groups.map((g) => g.connections))].sort((x, y) => x - y);
  const parameterSets = [...new Map(groups.map((g) => [parameterKey(g.parameters), g.parameters])).entries()];
  for (const { a, b, kind } of comparisonPairs(results.servers)) {
    for (const [key, parameters] of parameterSets) {
      for (const connections of levels) {
        const groupA = find(a.name, connections, key);
        const groupB = find(b.name, connections, key);
        if (!groupA || !groupB || notImplemented(groupA) || notImplemented(groupB)) continue;
        const paired = pairByRound(
          groupA.completed,
          groupB.completed,
          atLeastOneResponse((c) => c.requestsPerSecond),
        );
        const base = { kind, workload, parameters, connections, trials: paired.rounds.length };
        if (paired.rounds.length === 0) {
          const missing =
            groupA.completed.length === 0
              ? `${a.name} has no completed trial`
              : groupB.completed.length === 0
                ? `${b.name} has no completed trial`
                : 'no round in which both completed';
          comparisons.push({ ...base, faster: a.name, slower: b.name, ratio: undefined, withinNoise: false, missing });
          continue;
        }
        // A side that answered almost nothing gives a ratio of noise over noise: say so instead.
        const meanOf = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
        if (Math.min(meanOf(paired.a), meanOf(paired.b)) < ALMOST_NOTHING_RPS) {
          const aSlow = meanOf(paired.a) < meanOf(paired.b);
          const slow = aSlow ? a.name : b.name;
          comparisons.push({
            ...base,
            faster: aSlow ? b.name : a.name,
            slower: slow,
            ratio: undefined,
            withinNoise: false,
            missing:
              `${slow} answered almost nothing (${Math.max(...(aSlow ? paired.a : paired.b)).toFixed(1)} req/s at ` +
              `most)`,
          });
          continue;
        }
        const ratios = roundRatios(paired, 'higher');
        const aOverB =
          ratios.length >= 2
            ? pairedRatio(ratios, results.plan.confidence)
            : ratios.length === 1 && floor
              ? floorInterval(ratios[0]!, floor)
              : undefined;
        if (!aOverB && ratios.length === 1 && isIndicative(results.plan)) {
          const aFaster = ratios[0]! >= 1;
          comparisons.push({
            ...base,
            faster: aFaster ? a.name : b.name,
            slower: aFaster ? b.name : a.name,
            ratio: undefined,
            withinNoise: false,
            indicative: aFaster ? ratios[0]! : 1 / ratios[0]!,
          });
          continue;
        }
        if (!aOverB) {
          comparisons.push({
            ...base,
            faster: a.name,
            slower: b.name,
            ratio: undefined,
            withinNoise: false,
            missing: 'one round and no A/A noise floor: no interval',
          });
          continue;
        }
        const aFaster = aOverB.estimate >= 1;
        const ratio = aFaster
          ? aOverB
          : { ...aOverB, estimate: 1 / aOverB.estimate, low: 1 / aOverB.high, high: 1 / aOverB.low };
        comparisons.push({
          ...base,
          trials: ratios.length,
          faster: aFaster ? a.name : b.name,
          slower: aFaster ? b.name : a.name,
          ratio,
          withinNoise: ratio.low <= 1,
        });
      }
    }
  }
  return comparisons;
}

export function describeComparison(c: Comparison, levelLabel = 'connections'): string {
  const parameters = parameterKey(c.parameters);
  const at = `at ${c.connections} ${levelLabel}${parameters ? ` (${parameters.replaceAll(',', ', ')})` : ''}`;
  if (!c.ratio && c.indicative !== undefined)
    return (
      `${c.faster} ran ${c.indicative.toFixed(2)}x faster than ${c.slower} ${at} (1 round, no interval: ` +
      `indicative)`
    );
  if (!c.ratio) return `${c.faster} and ${c.slower} cannot be compared ${at}: ${c.missing}`;
  const figure = formatInterval(c.ratio, (v) => `${v.toFixed(2)}x`, c.trials);
  if (c.withinNoise) return `${c.faster} and ${c.slower} are within the noise of each other ${at} (${figure})`;
  return `${c.faster} ran ${figure} faster than ${c.slower} ${at}`;
}
