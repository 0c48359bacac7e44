/**
 * Relative throughput between servers, with the error propagated from both sides' trials:
 * "node-fastify ran 3.10 ± 0.12 times faster than node-express-seed at 100 connections".
 */
import { mean, ratioWithError, type Ratio } from '../measure/stats.js';

/** Below one request a second a mean is a handful of responses: no ratio is worth printing. */
const ALMOST_NOTHING_RPS = 1;
import type { Results, ServerInfo } from '../results/schema.js';
import { groupCells, notImplemented, parameterKey, type CellGroup } from './groups.js';

export interface Comparison {
  /** Why this pair is compared: seed vs seed, tuned vs its own seed, ... */
  kind: string;
  workload: string;
  parameters: CellGroup['parameters'];
  connections: number;
  /** The faster server first when the difference is beyond the noise. */
  faster: string;
  slower: string;
  ratio: Ratio | undefined;
  /** True when 1 lies within ratio ± error. */
  withinNoise: boolean;
  /** The fewest completed trials on either side; with one, the ratio has no error estimate. */
  trials: number;
  /**
   * When the propagated error is too wide to call but every trial of the faster server beat every
   * trial of the slower one: the least favourable ratio (its slowest over their fastest).
   */
  atLeast?: number;
  /** Why no ratio: a side had no completed trial, or a mean of zero. */
  missing?: string;
}

/**
 * The pairs worth reading: each variant across runtimes (seed vs seed, tuned vs tuned), and each
 * runtime's variants against each other (pool vs seed, tuned vs seed, tuned vs pool).
 */
export function comparisonPairs(servers: readonly ServerInfo[]): { a: ServerInfo; b: ServerInfo; kind: string }[] {
  const rank = { seed: 0, pool: 1, tuned: 2 } as const;
  const pairs: { a: ServerInfo; b: ServerInfo; kind: string }[] = [];
  for (const variant of ['seed', 'pool', 'tuned'] as const) {
    const node = servers.find((s) => s.runtime === 'node' && s.variant === variant);
    const python = servers.find((s) => s.runtime === 'python' && s.variant === variant);
    if (node && python) pairs.push({ a: node, b: python, kind: `${variant} vs ${variant}` });
  }
  for (const runtime of ['node', 'python'] as const) {
    const own = servers.filter((s) => s.runtime === runtime).sort((x, y) => rank[y.variant] - rank[x.variant]);
    for (let i = 0; i < own.length; i += 1) {
      for (let j = i + 1; j < own.length; j += 1) {
        if (own[i]!.variant !== own[j]!.variant) pairs.push({ a: own[i]!, b: own[j]!, kind: `${own[i]!.variant} vs ${own[j]!.variant === 'seed' ? 'its own seed' : own[j]!.variant}` });
      }
    }
  }
  return pairs;
}

export function compareServers(results: Results, workload = 'users'): Comparison[] {
  const groups = groupCells(results.cells).filter((g) => g.workload === workload);
  const find = (server: string, connections: number, key: string) => groups.find((g) => g.server === server && g.connections === connections && parameterKey(g.parameters) === key);
  const comparisons: Comparison[] = [];
  const levels = [...new Set(groups.map((g) => g.connections))].sort((x, y) => x - y);
  const parameterSets = [...new Map(groups.map((g) => [parameterKey(g.parameters), g.parameters])).entries()];
  for (const { a, b, kind } of comparisonPairs(results.servers)) {
    for (const [key, parameters] of parameterSets) {
      for (const connections of levels) {
        const groupA = find(a.name, connections, key);
        const groupB = find(b.name, connections, key);
        if (!groupA || !groupB || notImplemented(groupA) || notImplemented(groupB)) continue;
        const rpsA = groupA.completed.map((c) => c.requestsPerSecond ?? 0);
        const rpsB = groupB.completed.map((c) => c.requestsPerSecond ?? 0);
        const base = { kind, workload, parameters, connections, trials: Math.min(rpsA.length, rpsB.length) };
        if (rpsA.length === 0 || rpsB.length === 0) {
          comparisons.push({ ...base, faster: a.name, slower: b.name, ratio: undefined, withinNoise: false, trials: 0, missing: `${rpsA.length === 0 ? a.name : b.name} has no completed trial` });
          continue;
        }
        const aOverB = ratioWithError(rpsA, rpsB);
        const bOverA = ratioWithError(rpsB, rpsA);
        if (!aOverB || !bOverA) {
          comparisons.push({ ...base, faster: a.name, slower: b.name, ratio: undefined, withinNoise: false, missing: 'a mean of zero requests per second' });
          continue;
        }
        // A side that answered almost nothing gives a ratio of noise over noise: say so instead.
        const slowestMean = Math.min(mean(rpsA), mean(rpsB));
        if (slowestMean < ALMOST_NOTHING_RPS) {
          const aSlow = mean(rpsA) < mean(rpsB);
          const slow = aSlow ? a.name : b.name;
          comparisons.push({ ...base, faster: aSlow ? b.name : a.name, slower: slow, ratio: undefined, withinNoise: false, missing: `${slow} answered almost nothing (${Math.max(...(aSlow ? rpsA : rpsB)).toFixed(1)} req/s at most)` });
          continue;
        }
        const aFaster = aOverB.value >= 1;
        const ratio = aFaster ? aOverB : bOverA;
        const [fast, slow] = aFaster ? [rpsA, rpsB] : [rpsB, rpsA];
        const worstCase = Math.min(...fast) / Math.max(...slow);
        const withinNoise = base.trials > 1 && ratio.value - ratio.error <= 1;
        comparisons.push({
          ...base,
          faster: aFaster ? a.name : b.name,
          slower: aFaster ? b.name : a.name,
          ratio,
          withinNoise: withinNoise && !(worstCase > 1),
          ...(withinNoise && worstCase > 1 ? { atLeast: worstCase } : {}),
        });
      }
    }
  }
  return comparisons;
}

export function describeComparison(c: Comparison, levelLabel = 'connections'): string {
  const parameters = parameterKey(c.parameters);
  const at = `at ${c.connections} ${levelLabel}${parameters ? ` (${parameters.replaceAll(',', ', ')})` : ''}`;
  if (!c.ratio) return `${c.faster} and ${c.slower} cannot be compared ${at}: ${c.missing}`;
  if (c.trials < 2) return `${c.faster} ran ${c.ratio.value.toFixed(2)} times faster than ${c.slower} ${at} (one trial: no error estimate)`;
  const figure = `${c.ratio.value.toFixed(2)} ± ${c.ratio.error.toFixed(2)}`;
  if (c.atLeast !== undefined) return `${c.faster} ran at least ${c.atLeast.toFixed(2)} times faster than ${c.slower} ${at} (its slowest trial against the other's fastest; the mean ratio, ${figure}, spreads too widely to use)`;
  if (c.withinNoise) return `${c.faster} and ${c.slower} are within the noise of each other ${at} (${figure})`;
  return `${c.faster} ran ${figure} times faster than ${c.slower} ${at}`;
}
