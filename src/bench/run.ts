/**
 * The benchmark loop: database, ceilings, then each server and workload, cell by cell, saving
 * the results file after every cell. A failing server costs its own cells, never the run.
 */
import { VerdictError } from '../core/errors.js';
import { pingDatabase, seedUsers, settledUserQueryCount, startDatabase, usersChecksum, type Database } from '../database/index.js';
import { createGenerators } from '../load/index.js';
import { trackGenerators } from '../load/tracking.js';
import { calibrationForBench } from '../calibrate/for-bench.js';
import type { CalibrationSummary } from '../results/calibration-schema.js';
import { dirname } from 'node:path';
import { startCpuBusy } from '../measure/cpu-busy.js';
import { waitUntilIdle } from '../measure/idle.js';
import { startGroupSampler } from '../measure/proc.js';
import { RESULTS_SCHEMA_ID, RESULTS_VERSION, type Cell, type Results, type ServerInfo } from '../results/schema.js';
import { notImplementedReason } from '../results/reasons.js';
import { saveResults, saveResultsSync } from './out-file.js';
import type { ServerManifest } from '../servers/manifest.js';
import { startServer, ServerStartError, type RunningServer } from '../servers/process.js';
import { findPython } from '../servers/python.js';
import { onInterrupt, wasInterrupted } from '../util/lifecycle.js';
import { CellSkipped, type Workload, type WorkloadResources } from '../workloads/index.js';
import { measureCeiling } from './ceiling.js';
import { completedCell, erroredCell, skippedCell } from './cells.js';
import { cpuPlacement, describeEnvironment, libraryVersions, withDatabasePinned, type Placement } from '../machine/environment.js';
import type { BenchOptions } from './options.js';
import { allPlannedCells, blockCells, ceilingSeconds, CELL_OVERHEAD_SECONDS, countsQueries, durationFor, plannedCell, planStages, primes, PRIMER, warmsUp, type Arm, type Block, type PlannedCell, type Stage } from './planned.js';
import { undecidedComparisons } from './looks.js';
import { seededRandom, shuffled } from '../measure/random.js';
import { LOOKS, MAX_ROUNDS, planLooks } from '../measure/sequential.js';
import { CONFIDENCE } from '../claims/thresholds.js';
import { parameterKey } from '../results/groups.js';
import { createProfiler, type Profiler } from '../profile/profiler.js';
import { connectTarget, targetAnswered, withoutProcessFigures } from '../targets/target.js';
import { targetsDatabase, targetsPlacement, targetsRecord } from '../targets/run-record.js';

export interface ProgressEvent {
  done: number;
  total: number;
  label: string;
}

export interface BenchHooks {
  /** Plain progress lines: database ready, server started. */
  log(line: string): void;
  /** Before each cell starts and after the last one. */
  progress(event: ProgressEvent): void;
  toolVersion: string;
}

export interface BenchOutcome {
  results: Results;
  interrupted: boolean;
  /** True when a server failed to start or a cell errored. */
  failed: boolean;
}

/** The longest a cell waits for its server to finish the previous cell's leftover requests. */
const BACKLOG_MAX_SECONDS = 30;

/**
 * PostgreSQL shares the load generator's CPU; at an equal niceness its ten busy backends got ten
 * times the generator's share, and the generator sent open-model requests up to 70 ms late. At
 * this niceness the generator runs when it needs to and PostgreSQL has the rest of the CPU.
 */
const DATABASE_NICENESS = 10;

export async function runBench(options: BenchOptions, hooks: BenchHooks): Promise<BenchOutcome> {
  // --target: servers verdict did not start, connected to rather than started, on their own database.
  const targets = options.targets.length > 0;
  const needsPython = !targets && options.servers.some((s) => s.runtime === 'python');
  const python = needsPython ? await findPython(options.python) : null;
  const database = targets ? await targetsDatabase(options.databaseUrl, hooks.log) : await startDatabase({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), log: hooks.log });
  try {
    const unpinned = targets ? targetsPlacement(cpuPlacement(options.pin)) : cpuPlacement(options.pin);
    const placement = withDatabasePinned(unpinned, unpinned.generator !== null && (await database.pinTo(unpinned.generator, { niceness: DATABASE_NICENESS })), DATABASE_NICENESS);
    hooks.log(`placement: ${placement.note}`);
    const seedDigest = targets ? null : await seed(database, options.rows, hooks.log);
    const generators = await createGenerators(options.driver, placement.generator ?? undefined);
    const resources: WorkloadResources[] = [];
    try {
      // The generator's ceiling on this machine: the newest matching `verdict calibrate` file, else a short check now.
      const calibration = await calibrationForBench({ resultsFolder: dirname(options.out), driver: options.driver, levels: closedModelLevels(options), placement, http: generators.http, toolVersion: hooks.toolVersion, log: hooks.log });
      for (const workload of options.workloads) {
        if (workload.setup) resources.push(await workload.setup({ generatorCpus: placement.generator, quick: options.quick }));
      }
      const serverEnv = Object.assign({}, ...resources.map((r) => r.env)) as Record<string, string>;
      const facts = Object.assign({}, ...resources.map((r) => r.facts ?? {})) as Record<string, string>;
      const profiler = options.profile ? createProfiler({ resultsPath: options.out, python: python?.path ?? null, generatorCpus: placement.generator, usersLevels: options.levels.users ?? [], cellSeconds: options.durationByWorkload.users ?? options.durationSeconds, log: hooks.log }) : undefined;
      const connect = targets ? (manifest: ServerManifest) => connectTarget(manifest, options.targets.find((t) => t.name === manifest.name)!.url) : undefined;
      return await measureAll(options, hooks, { database, python: python?.path ?? null, pythonVersion: python?.version ?? null, placement, generators, seedDigest, serverEnv, facts, calibration, profiler, connect });
    } finally {
      await Promise.all(resources.map((r) => r.stop()));
      await generators.close();
    }
  } finally {
    await database.stop();
  }
}

async function seed(database: Database, rows: number, log: (line: string) => void): Promise<string> {
  await seedUsers(database.url, rows);
  log(`seeded ${rows} users`);
  return usersChecksum(database.url);
}

interface RunContext {
  database: Database;
  python: string | null;
  pythonVersion: string | null;
  placement: Placement;
  generators: Awaited<ReturnType<typeof createGenerators>>;
  /** The seeded users table's checksum; null when the database is not verdict's (--target): not seeded, measured or restored. */
  seedDigest: string | null;
  /** Environment every server gets from the workloads' run-level resources. */
  serverEnv: Record<string, string>;
  facts: Record<string, string>;
  calibration: CalibrationSummary | undefined;
  /** --profile: the extra, unmeasured profiled trials (src/profile/). */
  profiler: Profiler | undefined;
  /** --target: servers already running, connected to instead of started; their processes are out of reach. */
  connect: ((manifest: ServerManifest) => RunningServer) | undefined;
}

/**
 * The connection levels of the closed-model workloads that could come near the generator's
 * ceiling (compute's one or four connections and held websocket connections never do).
 */
function closedModelLevels(options: BenchOptions): number[] {
  const levels = options.workloads.filter((w) => w.levelLabel === 'connections' && w.name !== 'websocket').flatMap((w) => options.levels[w.name] ?? []);
  const distinct = [...new Set(levels.filter((l) => l >= 10))].sort((a, b) => a - b);
  return distinct.length ? distinct : [100];
}

async function measureAll(options: BenchOptions, hooks: BenchHooks, run: RunContext): Promise<BenchOutcome> {
  const results: Results = {
    schema: RESULTS_SCHEMA_ID,
    version: RESULTS_VERSION,
    id: `bench-${Date.now().toString(36)}`,
    tool: { name: 'verdict', version: hooks.toolVersion },
    createdAt: new Date().toISOString(),
    finishedAt: null,
    status: 'running',
    environment: describeEnvironment({ database: run.database, rows: options.rows, python: run.pythonVersion, placement: run.placement, driver: options.driver, workers: options.workers, facts: run.facts }),
    plan: {
      servers: options.servers.map((s) => s.name),
      workloads: options.workloads.map((w) => w.name),
      levels: options.levels,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
      roundsByWorkload: options.roundsByWorkload,
      seed: options.seed,
      confidence: CONFIDENCE,
      looks: runLooks(options),
      budgetSeconds: options.budgetSeconds,
      aaServer: options.aa?.server ?? null,
      aaWorkload: options.aa?.workload ?? null,
      durationByWorkload: options.durationByWorkload,
      workers: options.workers,
      driver: options.driver,
      quick: options.quick,
      rows: options.rows,
      timeoutSeconds: options.timeoutSeconds,
    },
    servers: await Promise.all(options.servers.map((m) => serverInfo(m, options, run))),
    ceilings: [],
    cells: [],
    extraRounds: [],
    ...(run.calibration ? { calibration: run.calibration } : {}),
  };
  if (options.targets.length) Object.assign(results, targetsRecord(options.targets, run.database, results.environment, hooks.toolVersion));
  await saveResults(options.out, results);

  // Ctrl-C: save what we have at once, synchronously, then let the cleanups stop every process.
  const stopListening = onInterrupt(() => {
    // The load stops first: a save that fails (a full disk) must not leave it running.
    run.generators.http.abort();
    run.generators.node.abort();
    results.status = 'interrupted';
    results.finishedAt = new Date().toISOString();
    saveResultsSync(options.out, results);
  });
  const state: RunState = { results, total: allPlannedCells(options).length, done: 0, failed: false, random: seededRandom(options.seed), extraSeconds: 0 };
  // Progress counts the planned cells; a workload's cells on servers without it are recorded, not planned.
  const record = async (cell: Cell, planned = true) => {
    if (wasInterrupted()) return;
    results.cells.push(cell);
    if (cell.outcome === 'errored') state.failed = true;
    if (planned) state.done += 1;
    await saveResults(options.out, results);
  };

  try {
    if (options.workloads.some((w) => w.name === 'users') && run.seedDigest !== null) {
      for (const connections of options.levels.users ?? []) {
        if (wasInterrupted()) break;
        hooks.progress({ done: state.done, total: state.total, label: `database ceiling at ${connections} connections` });
        results.ceilings.push(await measureCeiling({ url: run.database.url, connections, durationSeconds: ceilingSeconds(options), cpus: run.placement.generator }));
        await saveResults(options.out, results);
      }
    }
    for (const stage of planStages(options)) {
      if (wasInterrupted()) break;
      await runStage({ options, hooks, run, state, record }, stage);
    }
  } catch (error) {
    // The run cannot go on (the database went away): keep what was measured, marked as failed.
    if (!wasInterrupted()) {
      results.status = 'failed';
      results.finishedAt = new Date().toISOString();
      // When saving is what failed (a full disk), this fails too: the first error is the one to tell.
      await saveResults(options.out, results).catch(() => undefined);
    }
    throw error;
  } finally {
    stopListening();
  }

  const interrupted = wasInterrupted();
  if (!interrupted) {
    results.status = 'completed';
    results.finishedAt = new Date().toISOString();
    await saveResults(options.out, results);
    hooks.progress({ done: state.done, total: state.total, label: 'done' });
  }
  return { results, interrupted, failed: state.failed };
}

interface RunState {
  results: Results;
  total: number;
  done: number;
  failed: boolean;
  /** The seeded generator that draws every round's order, in run order. */
  random: () => number;
  /** Seconds the extra rounds have taken so far, against --budget. */
  extraSeconds: number;
}

interface StageContext {
  options: BenchOptions;
  hooks: BenchHooks;
  run: RunContext;
  state: RunState;
  record: (cell: Cell, planned?: boolean) => Promise<void>;
}

/** The looks of this run: the first at the planned rounds, later ones only with a budget for them. */
function runLooks(options: BenchOptions) {
  if (options.rounds < 2) return [{ rounds: options.rounds, level: CONFIDENCE }];
  const maxRounds = options.budgetSeconds > 0 ? Math.max(options.rounds, MAX_ROUNDS) : options.rounds;
  return planLooks({ plannedRounds: options.rounds, maxRounds, looks: maxRounds > options.rounds ? LOOKS : 1, alpha: 1 - CONFIDENCE });
}

const armName = (arm: Arm) => `${arm.server.name} ${arm.workload.name}${describeParameters(arm.parameters)}${arm.aa ? ' (A/A)' : ''}`;

/** One stage: start its servers, check and warm them, then its blocks level by level, in rounds. */
async function runStage(context: StageContext, stage: Stage): Promise<void> {
  const { options, hooks, run, state, record } = context;
  const running = new Map<string, RunningServer>();
  /** Why an arm cannot be measured (its server did not start, its preflight failed), by server and workload. */
  const broken = new Map<string, { reason: string; tail: string[] }>();
  const key = (server: string, workload: string) => `${server}|${workload}`;
  const start = async (manifest: ServerManifest) =>
    run.connect?.(manifest) ??
    startServer(manifest, { databaseUrl: run.database.url, python: run.python ?? undefined, workers: options.workers, env: { ...run.serverEnv, ...(await run.profiler?.serverEnv(manifest)) }, ...(run.placement.servers ? { cpus: run.placement.servers } : {}) });
  try {
    for (const manifest of stage.servers) {
      if (wasInterrupted()) return;
      hooks.progress({ done: state.done, total: state.total, label: `${stage.lead.name}: starting ${manifest.name}` });
      try {
        const server = await start(manifest);
        running.set(manifest.name, server);
        hooks.log(run.connect ? `${manifest.name}: target at ${server.url}` : `${manifest.name} started (pid ${server.pid}${server.pinnedTo ? `, CPU ${server.pinnedTo}` : ''})`);
      } catch (error) {
        if (wasInterrupted()) return;
        const reason = `server did not start: ${error instanceof Error ? error.message : String(error)}`;
        hooks.log(`${manifest.name} ${reason}`);
        for (const workload of stage.workloads) broken.set(key(manifest.name, workload.name), { reason, tail: error instanceof ServerStartError ? error.server.logTail() : [] });
      }
    }
    // Cells of servers that do not implement a workload say so once per level, as before.
    for (const workload of stage.workloads) {
      for (const manifest of options.servers) {
        if (workload.appliesTo(manifest)) continue;
        for (const level of options.levels[workload.name] ?? []) {
          for (const parameters of workload.parameterSets(options.quick, manifest)) {
            await record(skippedCell({ server: manifest, workload, connections: level, parameters, round: 1, position: 1, block: `${stage.lead.name}@${level}`, aa: false }, notImplementedReason(manifest.name, workload.name)), false);
          }
        }
      }
    }
    for (const [name, server] of running) {
      for (const workload of stage.workloads) {
        if (wasInterrupted()) return;
        if (!workload.appliesTo(server.manifest)) continue;
        try {
          await workload.preflight(server, options.rows);
        } catch (error) {
          broken.set(key(name, workload.name), { reason: `preflight failed: ${(error as Error).message}`, tail: server.logTail() });
          continue;
        }
        await warmUp(context, server, workload);
      }
    }

    // Trials measured by each running server since it (re)started: a fresh server has none.
    const measured = new Map<string, number>();
    const forArm = async (arm: Arm): Promise<RunningServer | { reason: string; tail: string[] }> => {
      const problem = broken.get(key(arm.server.name, arm.workload.name));
      if (problem) return problem;
      let current = running.get(arm.server.name)!;
      if (arm.workload.freshServer && (measured.get(arm.server.name) ?? 0) > 0) {
        // The cell measures memory growth, which memory kept from earlier cells would hide.
        await current.stop();
        try {
          current = await start(arm.server);
        } catch (error) {
          broken.set(key(arm.server.name, arm.workload.name), { reason: `server did not restart: ${(error as Error).message}`, tail: error instanceof ServerStartError ? error.server.logTail() : [] });
          return broken.get(key(arm.server.name, arm.workload.name))!;
        }
        running.set(arm.server.name, current);
        measured.set(arm.server.name, 0);
      }
      if (current.hasExited()) {
        const info = await current.exited;
        return { reason: `server exited earlier (${info.signal ?? `code ${info.code}`})`, tail: current.logTail() };
      }
      return current;
    };
    const servers: StageServers = {
      forArm,
      measured: (arm) => measured.set(arm.server.name, (measured.get(arm.server.name) ?? 0) + 1),
      pids: () => [...running.values()].filter((s) => !s.hasExited()).map((s) => s.pid),
    };

    const stopped = new Map<string, string>();
    const ranBlocks: { block: Block; arms: Arm[] }[] = [];
    for (const level of stage.levels) {
      for (const block of stage.blocks.filter((b) => b.level === level)) {
        if (wasInterrupted()) return;
        const arms = block.arms.filter((arm) => !stopped.has(arm.workload.name));
        for (const arm of block.arms.filter((a) => stopped.has(a.workload.name))) {
          for (const cell of blockCells(block, { from: 1, to: block.rounds }, [arm])) await record(skippedCell(cell, stopped.get(arm.workload.name)!));
        }
        if (arms.length === 0) continue;
        await runRounds(context, block, { from: 1, to: block.rounds }, arms, servers);
        ranBlocks.push({ block, arms });
      }
      for (const workload of stage.workloads) {
        if (!workload.stopsSweep || stopped.has(workload.name)) continue;
        const reason = workload.stopsSweep(state.results.cells.filter((c) => c.workload === workload.name && c.connections === level && !c.aa));
        if (reason && level !== stage.levels.at(-1)) {
          hooks.log(`${workload.name}: ${reason}; the sweep stops at ${level} ${workload.levelLabel}`);
          stopped.set(workload.name, `the sweep stopped at ${level} ${workload.levelLabel}: ${reason}`);
        }
      }
    }
    await extraRounds(context, ranBlocks, servers);
    // --profile: after every measured round, one extra trial per tuned and reference server under a profiler; never a cell.
    const users = stage.workloads.find((w) => w.name === 'users');
    if (run.profiler && users) {
      await run.profiler.profileStage({ servers: [...running.values()], pids: servers.pids(), results: state.results, save: () => saveResults(options.out, state.results), load: (server, connections, seconds) => users.run(cellContext(context, server, connections, {}, seconds)) });
    }
    for (const workload of stage.workloads) {
      if (workload.writes && run.seedDigest !== null && (await usersChecksum(run.database.url)) !== run.seedDigest) {
        hooks.log(`${workload.name} changed the users table: reseeding`);
        await seedUsers(run.database.url, options.rows);
      }
    }
  } finally {
    await Promise.all([...running.values()].map((s) => s.stop()));
  }
}

/** A short primer (not in --quick), then the warm-up proper at the workload's highest level, at every parameter set. */
async function warmUp(context: StageContext, server: RunningServer, workload: Workload): Promise<void> {
  const { options, hooks, state } = context;
  if (!warmsUp(options, workload)) return;
  const highest = Math.max(...(options.levels[workload.name] ?? [PRIMER.connections]));
  // The full warm-up once, then a primer-length load at every other parameter set (fan-out's K
  // warms a different number of downstream sockets): every arm is warm before its first round.
  for (const [index, parameters] of workload.parameterSets(options.quick, server.manifest).entries()) {
    if (wasInterrupted()) return;
    hooks.progress({ done: state.done, total: state.total, label: `${server.manifest.name} ${workload.name}${describeParameters(parameters)}: warm-up` });
    if (primes(options)) await workload.run(cellContext(context, server, Math.min(PRIMER.connections, highest), parameters, PRIMER.seconds)).catch(() => undefined);
    await workload.run(cellContext(context, server, highest, parameters, index === 0 ? options.warmupSeconds : PRIMER.seconds)).catch(() => undefined);
  }
}

function cellContext(context: StageContext, server: RunningServer, connections: number, parameters: PlannedCell['parameters'], durationSeconds: number): Parameters<Workload['run']>[0] {
  const { options, run, state } = context;
  return {
    server,
    database: run.database,
    http: run.generators.http,
    node: run.generators.node,
    connections,
    parameters,
    durationSeconds,
    timeoutSeconds: options.timeoutSeconds,
    rows: options.rows,
    earlierCells: state.results.cells,
  };
}

interface StageServers {
  /** The running server for an arm (restarted first when its workload needs a fresh one), or why there is none. */
  forArm(arm: Arm): Promise<RunningServer | { reason: string; tail: string[] }>;
  measured(arm: Arm): void;
  /** Every live server of the stage: the idle wait before a trial covers them all. */
  pids(): number[];
}

/** Rounds `from`..`to` of a block: in each, every arm runs one trial, in a freshly drawn order. */
async function runRounds(context: StageContext, block: Block, rounds: { from: number; to: number }, arms: readonly Arm[], servers: StageServers): Promise<void> {
  const { options, hooks, state, record } = context;
  for (let round = rounds.from; round <= rounds.to; round += 1) {
    const order = shuffled(arms, state.random);
    for (const [index, arm] of order.entries()) {
      if (wasInterrupted()) return;
      const planned = plannedCell(block, arm, round, index + 1);
      const label = `${arm.server.name} ${arm.workload.name}${describeParameters(arm.parameters)} at ${block.level} ${arm.workload.levelLabel}, round ${round}/${Math.max(rounds.to, block.rounds)}${arm.aa ? ' (A/A)' : ''}`;
      hooks.progress({ done: state.done, total: state.total, label });
      const server = await servers.forArm(arm);
      if (!('pid' in server)) {
        await record(erroredCell(planned, server.reason, server.tail));
        continue;
      }
      const duration = durationFor(options, arm.workload);
      await record(await measureCell(context.run, server, servers.pids(), arm.workload, planned, cellContext(context, server, block.level, arm.parameters, duration), countsQueries(options, planned)));
      servers.measured(arm);
    }
  }
}

/**
 * The sequential looks: after the stage's planned rounds, the comparisons the claims leave open get
 * extra rounds up to their block's next look, their arms only, while --budget lasts; the block
 * likeliest to be decided soonest goes first. Each look judges at its own level (alpha spent across
 * the looks), so looking again and stopping when clear adds no false verdicts.
 */
async function extraRounds(context: StageContext, measured: readonly { block: Block; arms: Arm[] }[], servers: StageServers): Promise<void> {
  const { options, hooks, state } = context;
  const looks = state.results.plan.looks;
  if (looks.length < 2) return;
  const done = new Map(measured.map(({ block }) => [block.id, block.rounds]));
  for (;;) {
    if (wasInterrupted()) return;
    const open = undecidedComparisons(state.results);
    const candidates = measured.flatMap(({ block, arms }) => {
      const here = open.filter((o) => o.block === block.id);
      const look = looks.find((l) => l.rounds > done.get(block.id)!);
      if (block.rounds !== options.rounds || here.length === 0 || !look) return [];
      const wanted = arms.filter((arm) => here.some((o) => o.arms.some((a) => a.server === arm.server.name && a.workload === arm.workload.name && a.aa === arm.aa && parameterKey(a.parameters) === parameterKey(arm.parameters))));
      const rounds = look.rounds - done.get(block.id)!;
      const cost = rounds * wanted.reduce((sum, arm) => sum + durationFor(options, arm.workload) + CELL_OVERHEAD_SECONDS, 0);
      const soonest = Math.min(...here.map((o) => o.roundsNeeded));
      return wanted.length ? [{ block, wanted, look, rounds, cost, soonest, why: here[0]!.why }] : [];
    });
    candidates.sort((x, y) => x.soonest - y.soonest || x.cost - y.cost);
    const next = candidates.find((c) => state.extraSeconds + c.cost <= options.budgetSeconds);
    if (!next) {
      if (candidates.length) hooks.log(`${candidates[0]!.block.id}: ${candidates[0]!.why}; ${candidates[0]!.rounds} more rounds would take about ${Math.round(candidates[0]!.cost)} s, beyond what is left of --budget (${Math.round(options.budgetSeconds - state.extraSeconds)} s)`);
      return;
    }
    const from = done.get(next.block.id)! + 1;
    hooks.log(`${next.block.id}: ${next.why}; ${next.rounds} more rounds of ${next.wanted.map(armName).join(', ')} (look ${looks.indexOf(next.look) + 1} of ${looks.length})`);
    const started = performance.now();
    state.total += next.rounds * next.wanted.length;
    await runRounds(context, next.block, { from, to: next.look.rounds }, next.wanted, servers);
    state.extraSeconds += (performance.now() - started) / 1000;
    state.results.extraRounds.push({ block: next.block.id, look: looks.indexOf(next.look) + 1, rounds: next.rounds, arms: next.wanted.map(armName), why: next.why });
    done.set(next.block.id, next.look.rounds);
  }
}

async function measureCell(run: RunContext, server: RunningServer, everyServer: readonly number[], workload: Workload, planned: PlannedCell, context: Parameters<Workload['run']>[0], countQueries: boolean): Promise<Cell> {
  // Queries per request verify the work each arm does; the first round verifies it, and later
  // rounds (and --quick) skip the count and the drain it waits for (planned.ts, countsQueries).
  const counting = countQueries && run.database.statementsAvailable;
  // A server still working through the backlog of the previous cell or the warm-up (requests
  // whose clients are gone still run: a connection per request at 1,000 connections takes
  // seconds to drain) would start this cell behind it and measure next to nothing. Every server
  // of the stage is running, so the wait covers them all. A target's CPU is out of reach: it is asked instead.
  if (run.connect) await targetAnswered(server, BACKLOG_MAX_SECONDS);
  else await waitUntilIdle(everyServer.length ? everyServer : [server.pid], { maxSeconds: BACKLOG_MAX_SECONDS });
  const startedAt = new Date().toISOString();
  let before: number | null = null;
  try {
    // Cells that skip the count still ask the database once: one that went away must stop the
    // run with its reason, not fill the remaining rounds with the servers' errors.
    if (counting) before = await settledUserQueryCount(run.database.url);
    else if (workload.countsQueries && run.seedDigest !== null) await pingDatabase(run.database.url);
  } catch (error) {
    throw databaseGone(run, error);
  }
  // Ctrl-C during the waits above: start no new load (an abort sent before a run began stops nothing).
  if (wasInterrupted()) return skippedCell(planned, 'interrupted before the trial started');
  const sampler = startGroupSampler(server.pid);
  // Records which driver generated the load and the generator's CPU per response (cell.driver, cell.generatorCpuUsPerRequest).
  const generators = trackGenerators(context.http, context.node);
  const generatorCore = run.placement.generator ? startCpuBusy(run.placement.generator) : undefined;
  // A server that dies mid-cell stops the load at once; the cell records why.
  let diedDuringCell = false;
  const watchdog = server.exited.then(() => {
    diedDuringCell = true;
    context.http.abort();
    context.node.abort();
  });
  void watchdog;
  let measurement;
  try {
    measurement = await workload.run({ ...context, http: generators.http, node: generators.node });
  } catch (error) {
    sampler.stop();
    if (error instanceof CellSkipped) return skippedCell(planned, error.message);
    return erroredCell(planned, `load run failed: ${(error as Error).message}`, server.logTail(), { startedAt });
  }
  const usage = sampler.stop();
  const generatorCoreBusy = generatorCore?.stop() ?? null;
  if (generatorCoreBusy !== null) measurement.metrics = { ...measurement.metrics, generatorCoreBusyPercent: Math.round(generatorCoreBusy * 10) / 10 };
  // Requests still in flight when the load stopped are answered (or dropped) after it; their
  // queries belong to this cell, so the count is read once the server has finished them.
  if (counting) await waitUntilIdle(server.pid, { maxSeconds: BACKLOG_MAX_SECONDS });
  if (diedDuringCell || server.hasExited()) {
    const info = await server.exited;
    return erroredCell(planned, `server exited during the cell (${info.signal ?? `code ${info.code}`})`, server.logTail(), { startedAt, requests: measurement.requests, errors: measurement.errors });
  }
  let queriesPerRequest: number | null = null;
  if (counting && before !== null) {
    let after: number;
    try {
      after = await settledUserQueryCount(run.database.url);
    } catch (error) {
      throw databaseGone(run, error);
    }
    queriesPerRequest = measurement.sent > 0 ? (after - before) / measurement.sent : null;
  }
  const cell: Cell = { ...completedCell(planned, startedAt, measurement, usage, queriesPerRequest), ...generators.fields(measurement.requests) };
  return run.connect ? withoutProcessFigures(cell) : cell;
}

function databaseGone(run: RunContext, error: unknown): VerdictError {
  const reason = (error as Error).message;
  const hint = run.database.embedded ? run.database.logTail().at(-1) : undefined;
  return new VerdictError(`PostgreSQL stopped answering during the run: ${reason}${hint ? ` (${hint})` : ''}`, 'the results so far are saved; check the database and run again');
}

function describeParameters(parameters: PlannedCell['parameters']): string {
  const entries = Object.entries(parameters);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}

async function serverInfo(manifest: ServerManifest, options: BenchOptions, run: RunContext): Promise<ServerInfo> {
  return {
    name: manifest.name,
    runtime: manifest.runtime,
    variant: manifest.variant,
    description: manifest.description,
    poolSize: manifest.pool?.size ?? null,
    poolLibrary: manifest.pool?.library ?? null,
    libraries: await libraryVersions(manifest, run.python),
    notes: manifest.notes,
    workers: options.workers,
    pinnedTo: run.placement.servers,
  };
}

