/**
 * The plan of a run, built once as one object: its stages, blocks and arms, and the steps the
 * runner executes in order (src/bench/run.ts). The time estimate sums the same steps' costs, and a
 * server that cannot start has its cells recorded from the same blocks.
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
import { isProfiled, PROFILE_WORKLOAD, profileSeconds } from '../profile/plan.js';
import { CONFIDENCE } from '../claims/thresholds.js';
import { LOOKS, MAX_ROUNDS, planLooks, type Look } from '../measure/sequential.js';

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

export const roundsFor = (options: BenchOptions, workload: Workload) =>
  options.roundsByWorkload[workload.name] ?? options.rounds;
/** Whether the bench warms the server up before a workload's cells. */
export const warmsUp = (options: BenchOptions, workload: Workload) =>
  options.warmupSeconds > 0 &&
  workload.warmup !== false &&
  (!options.quick || options.warmupExplicit || workload.quickWarmup !== false);
export const durationFor = (options: BenchOptions, workload: Workload) =>
  options.durationByWorkload[workload.name] ?? options.durationSeconds;
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
        for (const name of workload.pairedBy ?? Object.keys(parameters))
          if (parameters[name] !== undefined) shared[name] = parameters[name]!;
        const key = parameterKey(shared);
        const arms = byKey.get(key) ?? [];
        arms.push({ server, workload, parameters, aa: false });
        if (options.aa && options.aa.workload === workload.name && options.aa.server === server.name)
          arms.push({ server, workload, parameters, aa: true });
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
export function blockCells(
  block: Block,
  rounds: { from: number; to: number } = { from: 1, to: block.rounds },
  arms: readonly Arm[] = block.arms,
): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (let round = rounds.from; round <= rounds.to; round += 1) {
    arms.forEach((arm, index) => cells.push(plannedCell(block, arm, round, index + 1)));
  }
  return cells;
}

export function plannedCell(block: Block, arm: Arm, round: number, position: number): PlannedCell {
  return {
    server: arm.server,
    workload: arm.workload,
    connections: block.level,
    parameters: arm.parameters,
    round,
    position,
    block: block.id,
    aa: arm.aa,
  };
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
export const countsQueries = (options: BenchOptions, cell: Pick<PlannedCell, 'workload' | 'round' | 'aa'>) =>
  cell.workload.countsQueries && !options.quick && cell.round === 1 && !cell.aa;

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
export function mostCells(plan: BenchPlan): number {
  const { options, stages } = plan;
  const widestBlock = Math.max(0, ...stages.flatMap((stage) => stage.blocks.map((block) => block.arms.length)));
  const extra =
    options.budgetSeconds > 0
      ? Math.ceil(options.budgetSeconds / Math.max(options.durationSeconds, 0.1)) + widestBlock
      : 0;
  return plan.cells + extra;
}

/** The looks of a run: the first at the planned rounds, later ones only with a budget for them. */
export function plannedLooks(options: BenchOptions): Look[] {
  if (options.rounds < 2) return [{ rounds: options.rounds, level: CONFIDENCE }];
  const maxRounds = options.budgetSeconds > 0 ? Math.max(options.rounds, MAX_ROUNDS) : options.rounds;
  return planLooks({
    plannedRounds: options.rounds,
    maxRounds,
    looks: maxRounds > options.rounds ? LOOKS : 1,
    alpha: 1 - CONFIDENCE,
  });
}

/** One load of a warm-up: at one parameter set, a primer first unless --quick, then the warm-up load. */
export interface WarmUpLoad {
  parameters: Parameters;
  primer: { connections: number; seconds: number } | null;
  connections: number;
  seconds: number;
}

/**
 * What the runner does, in order. Every step is costed by `stepSeconds`; those that only decide
 * or record (a sweep that stops, a reseed, stopping a stage's servers) cost nothing of their own.
 */
export type Step =
  /** Finds the Python interpreter the Python servers run on, before anything starts. */
  | { kind: 'find-python' }
  /** Starts the embedded PostgreSQL (or connects to --database-url) and places the processes on the CPUs. */
  | { kind: 'start-database' }
  | { kind: 'seed'; rows: number }
  /** The load generators, their calibration, the workloads' run-level resources and the results file. */
  | { kind: 'open-run' }
  /** The database's own ceiling (pgbench) at one users level. */
  | { kind: 'ceiling'; connections: number; seconds: number }
  /** Starts one of a stage's servers, or connects to it when it is a --target. */
  | { kind: 'start-server'; stage: Stage; server: ServerManifest }
  /** The cells of servers that do not implement a stage's workloads: recorded as skipped, never planned. */
  | { kind: 'not-implemented'; stage: Stage; cells: PlannedCell[] }
  /** The workload's preflight on a started server, then its warm-up loads (none when it skips the warm-up). */
  | { kind: 'warm-up'; stage: Stage; server: ServerManifest; workload: Workload; loads: WarmUpLoad[] }
  /**
   * A block's planned rounds. `restarts`: its fresh-server cells that restart their server, every
   * one but a server's first trial in the stage.
   */
  | { kind: 'block'; stage: Stage; block: Block; restarts: number }
  /** After a level, whether a workload's sweep stops there (the open model past saturation). */
  | { kind: 'sweep-check'; stage: Stage; workload: Workload; level: number }
  /** The sequential looks: extra rounds for the stage's open comparisons, while --budget lasts. */
  | { kind: 'looks'; stage: Stage }
  /** --profile: one extra, unmeasured users trial per tuned and reference server under a profiler. */
  | { kind: 'profile'; stage: Stage; servers: number }
  /** After a workload that writes, the users table is checked and seeded again if it changed. */
  | { kind: 'reseed'; stage: Stage; workload: Workload }
  | { kind: 'stop-servers'; stage: Stage };

export interface BenchPlan {
  options: BenchOptions;
  stages: Stage[];
  looks: Look[];
  steps: Step[];
  /** The planned cells: the progress total before any extra rounds. */
  cells: number;
}

/** The run as steps, built once from its options: the runner executes them and the estimate sums them. */
export function planRun(options: BenchOptions): BenchPlan {
  const targets = options.targets.length > 0;
  const stages = planStages(options);
  const looks = plannedLooks(options);
  const steps: Step[] = [];
  if (!targets && options.servers.some((s) => s.runtime === 'python')) steps.push({ kind: 'find-python' });
  steps.push({ kind: 'start-database' });
  // --target: the database is not verdict's; it is never seeded.
  if (!targets) steps.push({ kind: 'seed', rows: options.rows });
  steps.push({ kind: 'open-run' });
  // --target: the database is not verdict's, so its ceiling is not measured (nor counted in the estimate).
  if (!targets && options.workloads.some((w) => w.name === 'users')) {
    for (const connections of options.levels.users ?? [])
      steps.push({ kind: 'ceiling', connections, seconds: ceilingSeconds(options) });
  }
  for (const stage of stages) steps.push(...stageSteps(options, stage, looks));
  const cells = stages.reduce(
    (sum, stage) => sum + stage.blocks.reduce((n, block) => n + block.arms.length * block.rounds, 0),
    0,
  );
  return { options, stages, looks, steps, cells };
}

function stageSteps(options: BenchOptions, stage: Stage, looks: readonly Look[]): Step[] {
  const steps: Step[] = stage.servers.map((server) => ({ kind: 'start-server', stage, server }));
  const missing = stage.workloads.flatMap((workload) =>
    options.servers
      .filter((server) => !workload.appliesTo(server))
      .flatMap((server) =>
        (options.levels[workload.name] ?? []).flatMap((level) =>
          workload.parameterSets(options.quick, server).map(
            (parameters): PlannedCell => ({
              server,
              workload,
              connections: level,
              parameters,
              round: 1,
              position: 1,
              block: `${stage.lead.name}@${level}`,
              aa: false,
            }),
          ),
        ),
      ),
  );
  if (missing.length) steps.push({ kind: 'not-implemented', stage, cells: missing });
  for (const server of stage.servers) {
    for (const workload of stage.workloads.filter((w) => w.appliesTo(server)))
      steps.push({ kind: 'warm-up', stage, server, workload, loads: warmUpLoads(options, server, workload) });
  }
  // A fresh-server cell restarts its server, unless it is the server's first trial since the stage started it.
  const measured = new Set<string>();
  for (const level of stage.levels) {
    for (const block of stage.blocks.filter((b) => b.level === level)) {
      let restarts = 0;
      for (const cell of blockCells(block)) {
        if (cell.workload.freshServer && measured.has(cell.server.name)) restarts += 1;
        measured.add(cell.server.name);
      }
      steps.push({ kind: 'block', stage, block, restarts });
    }
    // A sweep stopping at its last level would skip nothing.
    if (level === stage.levels.at(-1)) continue;
    for (const workload of stage.workloads.filter((w) => w.stopsSweep))
      steps.push({ kind: 'sweep-check', stage, workload, level });
  }
  if (looks.length >= 2) steps.push({ kind: 'looks', stage });
  if (options.profile && stage.workloads.some((w) => w.name === PROFILE_WORKLOAD))
    steps.push({ kind: 'profile', stage, servers: options.servers.filter(isProfiled).length });
  if (options.targets.length === 0)
    for (const workload of stage.workloads.filter((w) => w.writes)) steps.push({ kind: 'reseed', stage, workload });
  steps.push({ kind: 'stop-servers', stage });
  return steps;
}

/**
 * The full warm-up once at the workload's highest level, then a primer-length load at every other
 * parameter set (fan-out's K warms a different number of downstream sockets): every arm is warm
 * before its first round.
 */
function warmUpLoads(options: BenchOptions, server: ServerManifest, workload: Workload): WarmUpLoad[] {
  if (!warmsUp(options, workload)) return [];
  const highest = Math.max(...(options.levels[workload.name] ?? [PRIMER.connections]));
  return workload.parameterSets(options.quick, server).map((parameters, index) => ({
    parameters,
    primer: primes(options) ? { connections: Math.min(PRIMER.connections, highest), seconds: PRIMER.seconds } : null,
    connections: highest,
    seconds: index === 0 ? options.warmupSeconds : PRIMER.seconds,
  }));
}

/**
 * A planned cell's seconds: its duration and overhead, less the query count it skips (later rounds, A/A replicates,
 * --quick).
 */
function cellSeconds(options: BenchOptions, cell: PlannedCell): number {
  const duration = durationFor(options, cell.workload);
  const seconds =
    cell.workload.estimateCellSeconds?.(cell.connections, duration, cell.server.runtime) ??
    duration + CELL_OVERHEAD_SECONDS;
  return seconds - (cell.workload.countsQueries && !countsQueries(options, cell) ? QUERY_COUNT_SECONDS : 0);
}

/** What a step costs: the one place the estimate's seconds come from. */
export function stepSeconds(options: BenchOptions, step: Step): number {
  switch (step.kind) {
    case 'start-database':
      return DATABASE_START_SECONDS;
    case 'ceiling':
      return pgbenchSeconds(step.connections, step.seconds) + 1;
    case 'start-server':
      return SERVER_START_SECONDS;
    case 'warm-up':
      return step.loads.reduce(
        (sum, load) => sum + (load.primer?.seconds ?? 0) + load.seconds + CELL_OVERHEAD_SECONDS / 2,
        0,
      );
    case 'block':
      return (
        blockCells(step.block).reduce((sum, cell) => sum + cellSeconds(options, cell), 0) +
        step.restarts * SERVER_START_SECONDS
      );
    case 'profile':
      return (
        step.servers *
        (profileSeconds(options.durationByWorkload.users ?? options.durationSeconds) + CELL_OVERHEAD_SECONDS + 1)
      );
    // The extra rounds are --budget's, told apart in the estimate; the rest decide or record.
    case 'looks':
    case 'find-python':
    case 'seed':
    case 'open-run':
    case 'not-implemented':
    case 'sweep-check':
    case 'reseed':
    case 'stop-servers':
      return 0;
  }
}

/** The planned run's length: the sum of its steps' costs, without extra rounds. */
export function planSeconds(plan: BenchPlan): number {
  return plan.steps.reduce((sum, step) => sum + stepSeconds(plan.options, step), 0);
}

export const estimateSeconds = (options: BenchOptions) => planSeconds(planRun(options));

/** pgbench's seconds per level for the database ceiling. */
export const ceilingSeconds = (options: BenchOptions) => Math.min(options.durationSeconds, 3);

export function formatDuration(seconds: number): string {
  const rounded = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return minutes > 0 ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}
