/**
 * The plan of a run as stages, blocks and arms, built once: the runner executes it, the time
 * estimate sums it, and a server that cannot start has its cells recorded from it.
 *
 * A stage is one workload with the workloads that join it (users-unvalidated joins users; in
 * --quick so do user-by-id, the open model, fan-out and compute): every server it applies to is
 * started once and kept running through the stage. At each level its arms (a server, a workload,
 * a parameter set) fall into blocks of arms that are compared with each other; a block runs in
 * rounds, and in every round each arm runs one trial in an order drawn from the run's seeded
 * generator. Drift of a shared machine then falls on every arm of a round alike, instead of on
 * whichever server ran last (Abedi and Brecht, ICPE 2017).
 */
import type { ServerManifest } from '../servers/manifest.js';
import { pgbenchSeconds } from './ceiling.js';
import type { Parameters, Workload } from '../workloads/index.js';
import type { BenchOptions } from './options.js';
import { parameterKey } from '../results/groups.js';
import { isProfiled, profileSeconds } from '../profile/plan.js';

export interface Arm {
  server: ServerManifest;
  workload: Workload;
  parameters: Parameters;
  /** The A/A replicate: the same server measured a second time in the same round. */
  aa: boolean;
}

export interface Block {
  /** "users@100", "fanout@20[k=10]", "compute@1[operation=matmul]". */
  id: string;
  level: number;
  arms: Arm[];
  rounds: number;
}

export interface Stage {
  /** The stage's own workload; joined workloads run in its rounds at the levels they share. */
  lead: Workload;
  workloads: Workload[];
  servers: ServerManifest[];
  levels: number[];
  blocks: Block[];
}

/** One trial to run or record: an arm at a level, in a round. */
export interface PlannedCell {
  server: ServerManifest;
  workload: Workload;
  connections: number;
  parameters: Parameters;
  round: number;
  position: number;
  block: string;
  aa: boolean;
}

export const roundsFor = (options: BenchOptions, workload: Workload) => options.roundsByWorkload[workload.name] ?? options.rounds;
/** Whether the bench warms the server up before a workload's cells. */
export const warmsUp = (options: BenchOptions, workload: Workload) =>
  options.warmupSeconds > 0 && workload.warmup !== false && (!options.quick || options.warmupExplicit || workload.quickWarmup !== false);
export const durationFor = (options: BenchOptions, workload: Workload) => options.durationByWorkload[workload.name] ?? options.durationSeconds;
/**
 * Whether the warm-up starts with the primer. --quick warms up with one load of --warmup at its
 * levels (100 connections at most unless --levels says more): the primer would add a second per
 * server and workload to an indicative run.
 */
export const primes = (options: BenchOptions) => !options.quick;

/** The workload whose stage this one is measured in, when it is in the run. */
function leadOf(options: BenchOptions, workload: Workload): Workload | undefined {
  const name = options.quick && workload.quickJoins ? workload.quickJoins : workload.joins;
  return name ? options.workloads.find((w) => w.name === name) : undefined;
}

/** The workloads of a run grouped into stages, in the run's order. */
export function planStages(options: BenchOptions): Stage[] {
  const stages: Stage[] = [];
  for (const workload of options.workloads) {
    if (leadOf(options, workload)) continue; // measured in its lead's stage
    const workloads = [workload, ...options.workloads.filter((w) => leadOf(options, w) === workload)];
    const servers = options.servers.filter((s) => workloads.some((w) => w.appliesTo(s)));
    const levels = [...new Set(workloads.flatMap((w) => options.levels[w.name] ?? []))].sort((a, b) => a - b);
    const blocks = levels.flatMap((level) => blocksAt(options, workloads, servers, level));
    stages.push({ lead: workload, workloads, servers, levels, blocks });
  }
  return stages;
}

/**
 * A reference server (a runtime's ceiling) is measured where a framework's cost can show: under
 * load. At the lowest of several levels (10 connections by default) every server waits on the
 * database's round trip, and the two references would add 18 s to a run that must end within 10
 * minutes; with one level, that level.
 */
export function referenceMeasuredAt(levels: readonly number[], level: number): boolean {
  return levels.length < 2 || level > Math.min(...levels);
}

function blocksAt(options: BenchOptions, workloads: Workload[], servers: ServerManifest[], level: number): Block[] {
  const byKey = new Map<string, Arm[]>();
  for (const workload of workloads) {
    const levels = options.levels[workload.name] ?? [];
    if (!levels.includes(level)) continue;
    for (const server of servers) {
      if (!workload.appliesTo(server)) continue;
      if (server.variant === 'reference' && !referenceMeasuredAt(levels, level)) continue;
      for (const parameters of workload.parameterSets(options.quick, server)) {
        // Arms are paired within a block: by default every parameter tells blocks apart (fan-out's
        // K); a workload comparing implementations names the parameters they share (compute's operation).
        const shared: Parameters = {};
        for (const name of workload.pairedBy ?? Object.keys(parameters)) if (parameters[name] !== undefined) shared[name] = parameters[name]!;
        const key = parameterKey(shared);
        const arms = byKey.get(key) ?? [];
        arms.push({ server, workload, parameters, aa: false });
        if (options.aa && options.aa.workload === workload.name && options.aa.server === server.name) arms.push({ server, workload, parameters, aa: true });
        byKey.set(key, arms);
      }
    }
  }
  // A block is named after its first workload: users@100 holds users-unvalidated's arms too, and
  // in --quick the open model's rates make blocks of their own (users-open@1000).
  return [...byKey.entries()].map(([key, arms]) => ({
    id: `${arms[0]!.workload.name}@${level}${key ? `[${key}]` : ''}`,
    level,
    arms,
    rounds: Math.min(...arms.map((arm) => roundsFor(options, arm.workload))),
  }));
}

/** A block's planned cells in round order, positions left at 0 (the order is drawn when it runs). */
export function blockCells(block: Block, rounds: { from: number; to: number } = { from: 1, to: block.rounds }, arms: readonly Arm[] = block.arms): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (let round = rounds.from; round <= rounds.to; round += 1) {
    arms.forEach((arm, index) => cells.push(plannedCell(block, arm, round, index + 1)));
  }
  return cells;
}

export function plannedCell(block: Block, arm: Arm, round: number, position: number): PlannedCell {
  return { server: arm.server, workload: arm.workload, connections: block.level, parameters: arm.parameters, round, position, block: block.id, aa: arm.aa };
}

export function allPlannedCells(options: BenchOptions): PlannedCell[] {
  return planStages(options).flatMap((stage) => stage.blocks.flatMap((block) => blockCells(block)));
}

/**
 * Whether a cell counts PostgreSQL's queries per request: the first round of a workload that reads
 * the users table verifies the work every arm does (A/A replicates repeat an arm). --quick does
 * not: the count's settling and drain take about 0.9 s a cell, most of a 1 s trial's overhead,
 * and an indicative run verifies nothing (queriesPerRequest is null in its cells).
 */
export const countsQueries = (options: BenchOptions, cell: Pick<PlannedCell, 'workload' | 'round' | 'aa'>) => cell.workload.countsQueries && !options.quick && cell.round === 1 && !cell.aa;

/** Seconds a cell costs beyond its duration: the idle wait, and the query count in its first round. */
export const CELL_OVERHEAD_SECONDS = 1.0;
/** The query count's share of that overhead (settling before and after, and the drain it waits for). */
const QUERY_COUNT_SECONDS = 0.75;
/** Measured on 2 shared cores: 0.3 to 1.1 s from spawn to healthy, and its stop at the stage's end. */
const SERVER_START_SECONDS = 1;
/** A short first load at a few connections, as TechEmpower's primer, before the warm-up proper. */
export const PRIMER = { connections: 8, seconds: 1 } as const;
const DATABASE_START_SECONDS = 3;

/**
 * The most cells this run can record: the planned ones, the extra rounds its budget can pay for
 * (each extra cell takes at least one trial's duration) and one block's round more, because the
 * budget is checked between blocks. `verdict bench` refuses a plan above what `report` reads.
 */
export function mostCells(options: BenchOptions): number {
  const stages = planStages(options);
  const planned = stages.reduce((sum, stage) => sum + stage.blocks.reduce((n, block) => n + block.arms.length * block.rounds, 0), 0);
  const widestBlock = Math.max(0, ...stages.flatMap((stage) => stage.blocks.map((block) => block.arms.length)));
  const extra = options.budgetSeconds > 0 ? Math.ceil(options.budgetSeconds / Math.max(options.durationSeconds, 0.1)) + widestBlock : 0;
  return planned + extra;
}

/** The planned run's length: the same stages, blocks and cells the runner executes, without extra rounds. */
export function estimateSeconds(options: BenchOptions): number {
  let total = DATABASE_START_SECONDS;
  if (options.workloads.some((w) => w.name === 'users')) {
    total += (options.levels.users ?? []).reduce((sum, c) => sum + pgbenchSeconds(c, ceilingSeconds(options)) + 1, 0);
  }
  for (const stage of planStages(options)) {
    total += stage.servers.length * SERVER_START_SECONDS;
    for (const server of stage.servers) {
      for (const workload of stage.workloads) {
        if (!workload.appliesTo(server) || !warmsUp(options, workload)) continue;
        const sets = workload.parameterSets(options.quick, server).length;
        const primer = primes(options) ? PRIMER.seconds : 0;
        total += primer + options.warmupSeconds + (sets - 1) * (primer + PRIMER.seconds) + sets * CELL_OVERHEAD_SECONDS / 2;
      }
    }
    // A fresh-server cell restarts its server, unless it is the first trial since the stage started it.
    const measured = new Set<string>();
    for (const block of stage.blocks) {
      for (const cell of blockCells(block)) {
        const duration = durationFor(options, cell.workload);
        // A cell without the query count (later rounds, A/A replicates, --quick) skips its settling and drain.
        total += (cell.workload.estimateCellSeconds?.(cell.connections, duration, cell.server.runtime) ?? duration + CELL_OVERHEAD_SECONDS) - (cell.workload.countsQueries && !countsQueries(options, cell) ? QUERY_COUNT_SECONDS : 0);
        if (cell.workload.freshServer && measured.has(cell.server.name)) total += SERVER_START_SECONDS;
        measured.add(cell.server.name);
      }
    }
  }
  // --profile: one extra trial per tuned and reference server, plus attaching the profiler.
  if (options.profile) total += options.servers.filter(isProfiled).length * (profileSeconds(options.durationByWorkload.users ?? options.durationSeconds) + CELL_OVERHEAD_SECONDS + 1);
  return total;
}

/** pgbench's seconds per level for the database ceiling. */
export const ceilingSeconds = (options: BenchOptions) => Math.min(options.durationSeconds, 3);

export function formatDuration(seconds: number): string {
  const rounded = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return minutes > 0 ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}
