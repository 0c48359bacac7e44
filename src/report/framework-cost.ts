/**
 * What a framework costs, from the reference servers (variant "reference": a runtime without a
 * framework, "stripped" in TechEmpower's words): "node-fastify at 52% [48%, 57%] of node-http-raw
 * at 100 connections", and each reference against the database's own ceiling (pgbench, the same
 * query at the same connection count). References are never a side of the guide's claims; these
 * lines are where they are read.
 *
 * A server against its reference is paired by round like every other ratio in verdict: the
 * geometric mean of per-round ratios with its interval, a single round a side widened by the A/A
 * noise floor. The database ceiling is measured once per level before the servers run, so a
 * reference's share of it is the geometric mean of its per-round shares, and the interval covers
 * the server's rounds only, not the ceiling's own noise.
 */
import { isIndicative } from '../claims/indicative.js';
import { formatInterval } from '../claims/present.js';
import { floorInterval, noiseFloor, pairedRatio, type Interval } from '../measure/paired.js';
import { aaPairs, atLeastOneResponse, pairByRound, roundRatios } from '../results/pairs.js';
import type { Ceiling, Results, ServerInfo } from '../results/schema.js';
import { formatRate } from '../util/format.js';
import { groupCells, notImplemented, type CellGroup } from '../results/groups.js';

export interface FrameworkCost {
  /** framework: a server against its runtime's reference; database: a reference against the ceiling. */
  kind: 'framework' | 'database';
  server: string;
  /** The reference server's name, or the database ceiling. */
  of: string;
  workload: string;
  connections: number;
  /** server over reference (or over the ceiling): estimate and interval; undefined when there is none. */
  share: Interval | undefined;
  /** Rounds the share is built from. */
  rounds: number;
  /** One round and no interval (a quick run, or a ceiling share from one round): the value alone. */
  single?: number;
  /** Why there is no share. */
  missing?: string;
  /** The ceiling a database line is read against. */
  ceiling?: Ceiling;
}

export const DATABASE_CEILING = 'the database ceiling';

/** The sentence every renderer prints above the lines. */
export const FRAMEWORK_COST_NOTE =
  'Reference servers are a runtime without a framework (no routing table, no validation, no OpenAPI): the same ' +
  'query, rows, pool and JSON. A share is paired by round like every ratio here; against the database ceiling ' +
  '(measured once per level) the interval covers the server’s rounds only. References are never a side of the ' +
  'guide’s claims.';

/** Reference servers of a run, and for each the servers of its runtime it prices: the tuned ones. */
export function frameworkPairs(servers: readonly ServerInfo[]): { server: ServerInfo; reference: ServerInfo }[] {
  const references = servers.filter((s) => s.variant === 'reference');
  return references.flatMap((reference) =>
    servers
      .filter((s) => s.runtime === reference.runtime && s.variant === 'tuned')
      .map((server) => ({ server, reference })),
  );
}

export function frameworkCosts(results: Results, workload = 'users'): FrameworkCost[] {
  const groups = groupCells(results.cells).filter((g) => g.workload === workload && !notImplemented(g));
  const find = (server: string, connections: number) =>
    groups.find((g) => g.server === server && g.connections === connections);
  const levelsOf = (server: string) =>
    groups
      .filter((g) => g.server === server)
      .map((g) => g.connections)
      .sort((a, b) => a - b);
  const floor = noiseFloor(
    roundRatios(
      aaPairs(results.cells, (c) => c.requestsPerSecond),
      'higher',
    ),
    results.plan.confidence,
  );
  const costs: FrameworkCost[] = [];

  for (const { server, reference } of frameworkPairs(results.servers)) {
    for (const connections of levelsOf(server.name).filter((l) => levelsOf(reference.name).includes(l))) {
      const base = { kind: 'framework' as const, server: server.name, of: reference.name, workload, connections };
      costs.push({
        ...base,
        ...pairedShare(results, find(server.name, connections)!, find(reference.name, connections)!, floor),
      });
    }
  }

  for (const reference of results.servers.filter((s) => s.variant === 'reference')) {
    for (const connections of levelsOf(reference.name)) {
      const ceiling = results.ceilings.find((c) => c.workload === workload && c.connections === connections);
      if (!ceiling) continue;
      const base = {
        kind: 'database' as const,
        server: reference.name,
        of: DATABASE_CEILING,
        workload,
        connections,
        ceiling,
      };
      costs.push({ ...base, ...ceilingShare(find(reference.name, connections)!, ceiling, results.plan.confidence) });
    }
  }
  return costs;
}

type Share = Pick<FrameworkCost, 'share' | 'rounds' | 'single' | 'missing'>;

/** a over b from the rounds both completed, as src/report/comparisons.ts reads every ratio. */
function pairedShare(results: Results, a: CellGroup, b: CellGroup, floor: ReturnType<typeof noiseFloor>): Share {
  const paired = pairByRound(
    a.completed,
    b.completed,
    atLeastOneResponse((c) => c.requestsPerSecond),
  );
  if (paired.rounds.length === 0) {
    const missing =
      a.completed.length === 0
        ? `${a.server} has no completed trial`
        : b.completed.length === 0
          ? `${b.server} has no completed trial`
          : 'no round in which both completed';
    return { share: undefined, rounds: 0, missing };
  }
  const ratios = roundRatios(paired, 'higher');
  if (ratios.length >= 2) return { share: pairedRatio(ratios, results.plan.confidence), rounds: ratios.length };
  if (ratios.length === 1 && floor) return { share: floorInterval(ratios[0]!, floor), rounds: 1 };
  if (ratios.length === 1 && isIndicative(results.plan)) return { share: undefined, rounds: 1, single: ratios[0]! };
  return { share: undefined, rounds: ratios.length, missing: 'one round and no A/A noise floor: no interval' };
}

function ceilingShare(group: CellGroup, ceiling: Ceiling, confidence: number): Share {
  const tps = ceiling.transactionsPerSecond;
  if (tps === null || tps <= 0)
    return {
      share: undefined,
      rounds: 0,
      missing: `the database ceiling was not measured (${ceiling.reason ?? 'no reason given'})`,
    };
  const shares = group.completed
    .map((c) => c.requestsPerSecond)
    .filter((v): v is number => v !== null && Number.isFinite(v) && v > 0)
    .map((v) => v / tps);
  if (shares.length === 0) return { share: undefined, rounds: 0, missing: `${group.server} has no completed trial` };
  if (shares.length === 1) return { share: undefined, rounds: 1, single: shares[0]! };
  return { share: pairedRatio(shares, confidence), rounds: shares.length };
}

/** 52%, 9.5%: whole percents from 10% up. */
export function formatShare(share: number): string {
  const percent = share * 100;
  return percent >= 10 ? `${Math.round(percent)}%` : `${+percent.toFixed(1)}%`;
}

/** "node-fastify at 52% [48%, 57%] 95%, 3 rounds of node-http-raw at 100 connections". */
export function describeFrameworkCost(cost: FrameworkCost, levelLabel = 'connections'): string {
  const at =
    `at ${cost.connections.toLocaleString('en-US')} ` +
    `${cost.connections === 1 ? levelLabel.replace(/s$/, '') : levelLabel}`;
  const ceiling = cost.ceiling?.transactionsPerSecond
    ? ` (${formatRate(cost.ceiling.transactionsPerSecond)} queries/s by ${cost.ceiling.method}, one measurement)`
    : '';
  if (cost.share)
    return `${cost.server} at ${formatInterval(cost.share, formatShare, cost.rounds)} of ${cost.of} ${at}${ceiling}`;
  if (cost.single !== undefined)
    return (
      `${cost.server} at ${formatShare(cost.single)} of ${cost.of} ${at}${ceiling} (1 round, no interval: ` +
      `indicative)`
    );
  return `${cost.server} cannot be set against ${cost.of} ${at}: ${cost.missing}`;
}
