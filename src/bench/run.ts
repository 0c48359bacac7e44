/**
 * The benchmark loop: executes the plan's steps in order (src/bench/planned.ts): the database, the
 * ceilings, then each stage's servers, warm-ups and blocks, cell by cell, saving the results file
 * after every cell. A failing server costs its own cells, never the run.
 */
import { seedUsers, startDatabase, usersChecksum, type Database } from '../database/index.js';
import { createGenerators } from '../load/index.js';
import { calibrationForBench } from '../calibrate/for-bench.js';
import { dirname } from 'node:path';
import { RESULTS_SCHEMA_ID, RESULTS_VERSION, type Cell, type Results, type ServerInfo } from '../results/schema.js';
import { notImplementedReason } from '../results/reasons.js';
import { saveResults, saveResultsSync } from './out-file.js';
import type { ServerManifest } from '../servers/manifest.js';
import { startServer, ServerStartError, type RunningServer } from '../servers/process.js';
import { findPython, type PythonEnvironment } from '../servers/python.js';
import { onInterrupt, wasInterrupted } from '../util/lifecycle.js';
import type { Workload, WorkloadResources } from '../workloads/index.js';
import { describeWorkloads } from '../workloads/facts.js';
import { measureCeiling } from './ceiling.js';
import { erroredCell, skippedCell } from './cells.js';
import { measureTrial, type TrialRun } from './trial.js';
import {
  cpuPlacement,
  describeEnvironment,
  libraryVersions,
  withDatabasePinned,
  type Placement,
} from '../machine/environment.js';
import type { BenchOptions } from './options.js';
import {
  blockCells,
  CELL_OVERHEAD_SECONDS,
  countsQueries,
  durationFor,
  plannedCell,
  planRun,
  type Arm,
  type BenchPlan,
  type Block,
  type PlannedCell,
  type Stage,
  type Step,
} from './planned.js';
import { undecidedComparisons } from './looks.js';
import { seededRandom, shuffled } from '../measure/random.js';
import { CONFIDENCE } from '../claims/thresholds.js';
import { parameterKey } from '../results/groups.js';
import { createProfiler, type Profiler } from '../profile/profiler.js';
import { PROFILE_WORKLOAD } from '../profile/plan.js';
import { connectTarget } from '../targets/target.js';
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

/**
 * PostgreSQL shares the load generator's CPU; at an equal niceness its ten busy backends got ten
 * times the generator's share, and the generator sent open-model requests up to 70 ms late. At
 * this niceness the generator runs when it needs to and PostgreSQL has the rest of the CPU.
 */
const DATABASE_NICENESS = 10;

/** Runs the plan of these options: `verdict bench` passes the very plan its estimate summed. */
export async function runBench(
  options: BenchOptions,
  hooks: BenchHooks,
  plan: BenchPlan = planRun(options),
): Promise<BenchOutcome> {
  const run = new BenchRun(plan, hooks);
  try {
    try {
      for (const step of plan.steps) {
        // Ctrl-C: once the results file is open, no step starts (the setup steps before it run
        // on, so that a file exists to keep what was measured).
        if (run.results && wasInterrupted()) break;
        await run.execute(step);
      }
    } catch (error) {
      // The run cannot go on (the database went away): its servers stop, and what was measured is kept, marked as
      // failed.
      await run.stopStage();
      await run.markFailed();
      throw error;
    } finally {
      run.stopListening();
    }
    return await run.finish();
  } finally {
    // The current stage's servers (after Ctrl-C or an error), then what the setup steps opened.
    await run.close();
  }
}

type Generators = Awaited<ReturnType<typeof createGenerators>>;
type Problem = { reason: string; tail: string[] };

/** A stage's running servers and what its steps learned so far. */
interface StageRun {
  stage: Stage;
  running: Map<string, RunningServer>;
  /** Why an arm cannot be measured (its server did not start, its preflight failed), by server and workload. */
  broken: Map<string, Problem>;
  /** Trials measured by each running server since it (re)started: a fresh server has none. */
  measured: Map<string, number>;
  /** Workloads whose sweep stopped, with why; their later blocks' cells are recorded as skipped. */
  stopped: Map<string, string>;
  /** The blocks that ran their planned rounds, with the arms that ran: the looks give them extra rounds. */
  ranBlocks: { block: Block; arms: Arm[] }[];
}

const brokenKey = (server: string, workload: string) => `${server}|${workload}`;

/** One run of a plan: what its steps opened, measured and learned, and how to close it all. */
class BenchRun {
  results: Results | undefined;
  private readonly options: BenchOptions;
  private python: PythonEnvironment | null = null;
  private database!: Database;
  private placement!: Placement;
  /**
   * The seeded users table's checksum; null when the database is not verdict's (--target): not seeded, measured or
   * restored.
   */
  private seedDigest: string | null = null;
  private generators!: Generators;
  /** Environment every server gets from the workloads' run-level resources. */
  private serverEnv: Record<string, string> = {};
  /** --profile: the extra, unmeasured profiled trials (src/profile/). */
  private profiler: Profiler | undefined;
  /** --target: servers already running, connected to instead of started; their processes are out of reach. */
  private connect: ((manifest: ServerManifest) => RunningServer) | undefined;
  private stage: StageRun | undefined;
  private total: number;
  private done = 0;
  private failed = false;
  /** The seeded generator that draws every round's order, in run order. */
  private readonly random: () => number;
  /** Seconds the extra rounds have taken so far, against --budget. */
  private extraSeconds = 0;
  /** What the setup steps opened, closed newest first when the run ends. */
  private readonly closers: (() => Promise<void>)[] = [];
  stopListening: () => void = () => undefined;

  constructor(
    private readonly plan: BenchPlan,
    private readonly hooks: BenchHooks,
  ) {
    this.options = plan.options;
    // Progress counts the planned cells; a workload's cells on servers without it are recorded, not planned.
    this.total = plan.cells;
    this.random = seededRandom(this.options.seed);
  }

  async execute(step: Step): Promise<void> {
    const { options, hooks } = this;
    switch (step.kind) {
      case 'find-python':
        this.python = await findPython(options.python);
        return;
      case 'start-database':
        return this.startDatabase();
      case 'seed':
        await seedUsers(this.database.url, step.rows);
        hooks.log(`seeded ${step.rows} users`);
        this.seedDigest = await usersChecksum(this.database.url);
        return;
      case 'open-run':
        return this.openRun();
      case 'ceiling':
        hooks.progress({
          done: this.done,
          total: this.total,
          label: `database ceiling at ${step.connections} connections`,
        });
        this.results!.ceilings.push(
          await measureCeiling({
            url: this.database.url,
            connections: step.connections,
            durationSeconds: step.seconds,
            cpus: this.placement.generator,
          }),
        );
        await saveResults(options.out, this.results!);
        return;
      case 'start-server':
        return this.startStageServer(this.stageRun(step.stage), step.server);
      case 'not-implemented':
        // Cells of servers that do not implement a workload say so once per level, as before.
        for (const cell of step.cells)
          await this.record(skippedCell(cell, notImplementedReason(cell.server.name, cell.workload.name)), false);
        return;
      case 'warm-up':
        return this.warmUp(this.stageRun(step.stage), step);
      case 'block':
        return this.runBlock(this.stageRun(step.stage), step.block);
      case 'sweep-check':
        return this.checkSweep(this.stageRun(step.stage), step.workload, step.level);
      case 'looks':
        return this.extraRounds(this.stageRun(step.stage));
      case 'profile':
        return this.profile(this.stageRun(step.stage));
      case 'reseed':
        if (this.seedDigest !== null && (await usersChecksum(this.database.url)) !== this.seedDigest) {
          hooks.log(`${step.workload.name} changed the users table: reseeding`);
          await seedUsers(this.database.url, options.rows);
        }
        return;
      case 'stop-servers':
        return this.stopStage();
    }
  }

  private async startDatabase(): Promise<void> {
    const { options, hooks } = this;
    const targets = options.targets.length > 0;
    const database = targets
      ? await targetsDatabase(options.databaseUrl, hooks.log)
      : await startDatabase({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), log: hooks.log });
    this.database = database;
    this.closers.push(() => database.stop());
    const unpinned = targets ? targetsPlacement(cpuPlacement(options.pin)) : cpuPlacement(options.pin);
    this.placement = withDatabasePinned(
      unpinned,
      unpinned.generator !== null && (await database.pinTo(unpinned.generator, { niceness: DATABASE_NICENESS })),
      DATABASE_NICENESS,
    );
    hooks.log(`placement: ${this.placement.note}`);
  }

  /** The load generators, their ceiling on this machine, the workloads' resources and the results file. */
  private async openRun(): Promise<void> {
    const { options, hooks, placement } = this;
    const generators = await createGenerators(options.driver, placement.generator ?? undefined);
    this.generators = generators;
    const resources: WorkloadResources[] = [];
    this.closers.push(async () => {
      await Promise.all(resources.map((r) => r.stop()));
      await generators.close();
    });
    // The generator's ceiling on this machine: the newest matching `verdict calibrate` file, else a short check now.
    const calibration = await calibrationForBench({
      resultsFolder: dirname(options.out),
      driver: options.driver,
      levels: closedModelLevels(options),
      placement,
      http: generators.http,
      toolVersion: hooks.toolVersion,
      log: hooks.log,
    });
    for (const workload of options.workloads) {
      if (workload.setup)
        resources.push(await workload.setup({ generatorCpus: placement.generator, quick: options.quick }));
    }
    this.serverEnv = Object.assign({}, ...resources.map((r) => r.env)) as Record<string, string>;
    const facts = Object.assign({}, ...resources.map((r) => r.facts ?? {})) as Record<string, string>;
    this.profiler = options.profile
      ? createProfiler({
          resultsPath: options.out,
          python: this.python?.path ?? null,
          generatorCpus: placement.generator,
          usersLevels: options.levels.users ?? [],
          cellSeconds: options.durationByWorkload.users ?? options.durationSeconds,
          log: hooks.log,
        })
      : undefined;
    this.connect = options.targets.length
      ? (manifest: ServerManifest) =>
          connectTarget(manifest, options.targets.find((t) => t.name === manifest.name)!.url)
      : undefined;

    const results: Results = {
      schema: RESULTS_SCHEMA_ID,
      version: RESULTS_VERSION,
      id: `bench-${Date.now().toString(36)}`,
      tool: { name: 'verdict', version: hooks.toolVersion },
      createdAt: new Date().toISOString(),
      finishedAt: null,
      status: 'running',
      environment: describeEnvironment({
        database: this.database,
        rows: options.rows,
        python: this.python?.version ?? null,
        placement,
        driver: options.driver,
        workers: options.workers,
        facts,
      }),
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
        looks: this.plan.looks,
        budgetSeconds: options.budgetSeconds,
        aaServer: options.aa?.server ?? null,
        aaWorkload: options.aa?.workload ?? null,
        durationByWorkload: options.durationByWorkload,
        workers: options.workers,
        driver: options.driver,
        quick: options.quick,
        rows: options.rows,
        timeoutSeconds: options.timeoutSeconds,
        workloadFacts: describeWorkloads(options.workloads),
      },
      servers: await Promise.all(options.servers.map((m) => this.serverInfo(m))),
      ceilings: [],
      cells: [],
      extraRounds: [],
      ...(calibration ? { calibration } : {}),
    };
    if (options.targets.length)
      Object.assign(results, targetsRecord(options.targets, this.database, results.environment, hooks.toolVersion));
    await saveResults(options.out, results);
    this.results = results;

    // Ctrl-C: save what we have at once, synchronously, then let the cleanups stop every process.
    this.stopListening = onInterrupt(() => {
      // The load stops first: a save that fails (a full disk) must not leave it running.
      generators.http.abort();
      generators.node.abort();
      results.status = 'interrupted';
      results.finishedAt = new Date().toISOString();
      saveResultsSync(options.out, results);
    });
  }

  private async serverInfo(manifest: ServerManifest): Promise<ServerInfo> {
    return {
      name: manifest.name,
      runtime: manifest.runtime,
      variant: manifest.variant,
      description: manifest.description,
      poolSize: manifest.pool?.size ?? null,
      poolLibrary: manifest.pool?.library ?? null,
      libraries: await libraryVersions(manifest, this.python?.path ?? null),
      notes: manifest.notes,
      workers: this.options.workers,
      pinnedTo: this.placement.servers,
    };
  }

  private async record(cell: Cell, planned = true): Promise<void> {
    if (wasInterrupted()) return;
    this.results!.cells.push(cell);
    if (cell.outcome === 'errored') this.failed = true;
    if (planned) this.done += 1;
    await saveResults(this.options.out, this.results!);
  }

  /** The step's stage, started afresh when the steps have moved on to the next stage. */
  private stageRun(stage: Stage): StageRun {
    if (this.stage?.stage !== stage)
      this.stage = {
        stage,
        running: new Map(),
        broken: new Map(),
        measured: new Map(),
        stopped: new Map(),
        ranBlocks: [],
      };
    return this.stage;
  }

  /**
   * The one way a server comes up: connected to when it is a --target, else started with the run's placement and
   * environment.
   */
  private async startOrConnect(manifest: ServerManifest): Promise<RunningServer> {
    if (this.connect) return this.connect(manifest);
    const env = { ...this.serverEnv, ...(await this.profiler?.serverEnv(manifest)) };
    return startServer(manifest, {
      databaseUrl: this.database.url,
      python: this.python?.path ?? undefined,
      workers: this.options.workers,
      env,
      ...(this.placement.servers ? { cpus: this.placement.servers } : {}),
    });
  }

  private async startStageServer(stage: StageRun, manifest: ServerManifest): Promise<void> {
    const { hooks } = this;
    hooks.progress({
      done: this.done,
      total: this.total,
      label: `${stage.stage.lead.name}: starting ${manifest.name}`,
    });
    try {
      const server = await this.startOrConnect(manifest);
      stage.running.set(manifest.name, server);
      hooks.log(
        this.connect
          ? `${manifest.name}: target at ${server.url}`
          : `${manifest.name} started (pid ${server.pid}${server.pinnedTo ? `, CPU ${server.pinnedTo}` : ''})`,
      );
    } catch (error) {
      if (wasInterrupted()) return;
      const reason = `server did not start: ${error instanceof Error ? error.message : String(error)}`;
      hooks.log(`${manifest.name} ${reason}`);
      for (const workload of stage.stage.workloads)
        stage.broken.set(brokenKey(manifest.name, workload.name), {
          reason,
          tail: error instanceof ServerStartError ? error.server.logTail() : [],
        });
    }
  }

  /** Stops the current stage's servers (at its end, or when the run stops early). */
  async stopStage(): Promise<void> {
    const stage = this.stage;
    this.stage = undefined;
    if (stage) await Promise.all([...stage.running.values()].map((s) => s.stop()));
  }

  /**
   * The workload's preflight on a started server, then its warm-up loads: a primer (not in --quick), then the warm-up
   * proper.
   */
  private async warmUp(stage: StageRun, step: Extract<Step, { kind: 'warm-up' }>): Promise<void> {
    const { workload } = step;
    const server = stage.running.get(step.server.name);
    if (!server) return; // it did not start: its cells say why
    try {
      await workload.preflight(server, this.options.rows);
    } catch (error) {
      stage.broken.set(brokenKey(step.server.name, workload.name), {
        reason: `preflight failed: ${(error as Error).message}`,
        tail: server.logTail(),
      });
      return;
    }
    for (const load of step.loads) {
      if (wasInterrupted()) return;
      this.hooks.progress({
        done: this.done,
        total: this.total,
        label: `${server.manifest.name} ${workload.name}${describeParameters(load.parameters)}: warm-up`,
      });
      if (load.primer)
        await workload
          .run(this.cellContext(server, load.primer.connections, load.parameters, load.primer.seconds))
          .catch(() => undefined);
      await workload
        .run(this.cellContext(server, load.connections, load.parameters, load.seconds))
        .catch(() => undefined);
    }
  }

  /** A block's planned rounds, less the arms whose sweep stopped (their cells are recorded as skipped). */
  private async runBlock(stage: StageRun, block: Block): Promise<void> {
    const arms = block.arms.filter((arm) => !stage.stopped.has(arm.workload.name));
    for (const arm of block.arms.filter((a) => stage.stopped.has(a.workload.name))) {
      for (const cell of blockCells(block, { from: 1, to: block.rounds }, [arm]))
        await this.record(
          skippedCell(cell, { code: 'sweep-stopped', sentence: stage.stopped.get(arm.workload.name)! }),
        );
    }
    if (arms.length === 0) return;
    await this.runRounds(stage, block, { from: 1, to: block.rounds }, arms);
    stage.ranBlocks.push({ block, arms });
  }

  private checkSweep(stage: StageRun, workload: Workload, level: number): void {
    if (!workload.stopsSweep || stage.stopped.has(workload.name)) return;
    const reason = workload.stopsSweep(
      this.results!.cells.filter((c) => c.workload === workload.name && c.connections === level && !c.aa),
    );
    if (!reason) return;
    this.hooks.log(`${workload.name}: ${reason}; the sweep stops at ${level} ${workload.levelLabel}`);
    stage.stopped.set(workload.name, `the sweep stopped at ${level} ${workload.levelLabel}: ${reason}`);
  }

  /**
   * --profile: after every measured round, one extra trial per tuned and reference server under a profiler; never a
   * cell.
   */
  private async profile(stage: StageRun): Promise<void> {
    const users = stage.stage.workloads.find((w) => w.name === PROFILE_WORKLOAD);
    if (!this.profiler || !users) return;
    const results = this.results!;
    await this.profiler.profileStage({
      servers: [...stage.running.values()],
      pids: livePids(stage),
      results,
      save: () => saveResults(this.options.out, results),
      load: (server, connections, seconds) => users.run(this.cellContext(server, connections, {}, seconds)),
    });
  }

  private cellContext(
    server: RunningServer,
    connections: number,
    parameters: PlannedCell['parameters'],
    durationSeconds: number,
  ): Parameters<Workload['run']>[0] {
    return {
      server,
      database: this.database,
      http: this.generators.http,
      node: this.generators.node,
      connections,
      parameters,
      durationSeconds,
      timeoutSeconds: this.options.timeoutSeconds,
      rows: this.options.rows,
      earlierCells: this.results!.cells,
    };
  }

  private trialRun(): TrialRun {
    return {
      database: this.database,
      seeded: this.seedDigest !== null,
      generatorCpus: this.placement.generator,
      target: this.connect !== undefined,
    };
  }

  /** The running server for an arm (restarted first when its workload needs a fresh one), or why there is none. */
  private async serverForArm(stage: StageRun, arm: Arm): Promise<RunningServer | Problem> {
    const key = brokenKey(arm.server.name, arm.workload.name);
    const problem = stage.broken.get(key);
    if (problem) return problem;
    let current = stage.running.get(arm.server.name)!;
    if (arm.workload.freshServer && (stage.measured.get(arm.server.name) ?? 0) > 0) {
      // The cell measures memory growth, which memory kept from earlier cells would hide.
      await current.stop();
      try {
        current = await this.startOrConnect(arm.server);
      } catch (error) {
        stage.broken.set(key, {
          reason: `server did not restart: ${(error as Error).message}`,
          tail: error instanceof ServerStartError ? error.server.logTail() : [],
        });
        return stage.broken.get(key)!;
      }
      stage.running.set(arm.server.name, current);
      stage.measured.set(arm.server.name, 0);
    }
    if (current.hasExited()) {
      const info = await current.exited;
      return { reason: `server exited earlier (${info.signal ?? `code ${info.code}`})`, tail: current.logTail() };
    }
    return current;
  }

  /** Rounds `from`..`to` of a block: in each, every arm runs one trial, in a freshly drawn order. */
  private async runRounds(
    stage: StageRun,
    block: Block,
    rounds: { from: number; to: number },
    arms: readonly Arm[],
  ): Promise<void> {
    const { options, hooks } = this;
    for (let round = rounds.from; round <= rounds.to; round += 1) {
      const order = shuffled(arms, this.random);
      for (const [index, arm] of order.entries()) {
        if (wasInterrupted()) return;
        const planned = plannedCell(block, arm, round, index + 1);
        const label =
          `${arm.server.name} ${arm.workload.name}${describeParameters(arm.parameters)} at ${block.level} ` +
          `${arm.workload.levelLabel}, round ${round}/${Math.max(rounds.to, block.rounds)}` +
          `${arm.aa ? ' (A/A)' : ''}`;
        hooks.progress({ done: this.done, total: this.total, label });
        const server = await this.serverForArm(stage, arm);
        if (!('pid' in server)) {
          await this.record(erroredCell(planned, server.reason, server.tail));
          continue;
        }
        const duration = durationFor(options, arm.workload);
        await this.record(
          await measureTrial(this.trialRun(), {
            server,
            everyServer: livePids(stage),
            planned,
            context: this.cellContext(server, block.level, arm.parameters, duration),
            countQueries: countsQueries(options, planned),
          }),
        );
        stage.measured.set(arm.server.name, (stage.measured.get(arm.server.name) ?? 0) + 1);
      }
    }
  }

  /**
   * The sequential looks: after the stage's planned rounds, the comparisons the claims leave open get
   * extra rounds up to their block's next look, their arms only, while --budget lasts; the block
   * likeliest to be decided soonest goes first. Each look judges at its own level (alpha spent across
   * the looks), so looking again and stopping when clear adds no false verdicts.
   */
  private async extraRounds(stage: StageRun): Promise<void> {
    const { options, hooks } = this;
    const results = this.results!;
    const looks = results.plan.looks;
    if (looks.length < 2) return;
    const done = new Map(stage.ranBlocks.map(({ block }) => [block.id, block.rounds]));
    for (;;) {
      if (wasInterrupted()) return;
      const open = undecidedComparisons(results);
      const candidates = stage.ranBlocks.flatMap(({ block, arms }) => {
        const here = open.filter((o) => o.block === block.id);
        const look = looks.find((l) => l.rounds > done.get(block.id)!);
        if (block.rounds !== options.rounds || here.length === 0 || !look) return [];
        const wanted = arms.filter((arm) =>
          here.some((o) =>
            o.arms.some(
              (a) =>
                a.server === arm.server.name &&
                a.workload === arm.workload.name &&
                a.aa === arm.aa &&
                parameterKey(a.parameters) === parameterKey(arm.parameters),
            ),
          ),
        );
        const rounds = look.rounds - done.get(block.id)!;
        const cost =
          rounds * wanted.reduce((sum, arm) => sum + durationFor(options, arm.workload) + CELL_OVERHEAD_SECONDS, 0);
        const soonest = Math.min(...here.map((o) => o.roundsNeeded));
        return wanted.length ? [{ block, wanted, look, rounds, cost, soonest, why: here[0]!.why }] : [];
      });
      candidates.sort((x, y) => x.soonest - y.soonest || x.cost - y.cost);
      const next = candidates.find((c) => this.extraSeconds + c.cost <= options.budgetSeconds);
      if (!next) {
        if (candidates.length)
          hooks.log(
            `${candidates[0]!.block.id}: ${candidates[0]!.why}; ${candidates[0]!.rounds} more rounds would take ` +
              `about ${Math.round(candidates[0]!.cost)} s, beyond what is left of --budget (` +
              `${Math.round(options.budgetSeconds - this.extraSeconds)} s)`,
          );
        return;
      }
      const from = done.get(next.block.id)! + 1;
      hooks.log(
        `${next.block.id}: ${next.why}; ${next.rounds} more rounds of ${next.wanted.map(armName).join(', ')} ` +
          `(look ${looks.indexOf(next.look) + 1} of ${looks.length})`,
      );
      const started = performance.now();
      this.total += next.rounds * next.wanted.length;
      await this.runRounds(stage, next.block, { from, to: next.look.rounds }, next.wanted);
      this.extraSeconds += (performance.now() - started) / 1000;
      results.extraRounds.push({
        block: next.block.id,
        look: looks.indexOf(next.look) + 1,
        rounds: next.rounds,
        arms: next.wanted.map(armName),
        why: next.why,
      });
      done.set(next.block.id, next.look.rounds);
    }
  }

  /** The run cannot go on: what was measured is kept, marked as failed (Ctrl-C's own save wins). */
  async markFailed(): Promise<void> {
    if (!this.results || wasInterrupted()) return;
    this.results.status = 'failed';
    this.results.finishedAt = new Date().toISOString();
    // When saving is what failed (a full disk), this fails too: the first error is the one to tell.
    await saveResults(this.options.out, this.results).catch(() => undefined);
  }

  /** Every step ran (or Ctrl-C stopped them): a completed run is saved as such and says done. */
  async finish(): Promise<BenchOutcome> {
    const results = this.results!;
    const interrupted = wasInterrupted();
    if (!interrupted) {
      results.status = 'completed';
      results.finishedAt = new Date().toISOString();
      await saveResults(this.options.out, results);
      this.hooks.progress({ done: this.done, total: this.total, label: 'done' });
    }
    return { results, interrupted, failed: this.failed };
  }

  /** Closes what the setup steps opened, newest first: the workloads' resources and generators, then the database. */
  async close(): Promise<void> {
    await this.stopStage();
    // Each closes even when a newer one failed (the database stops after a resource that would not); the first error is
    // told.
    let failure: { error: unknown } | undefined;
    for (const close of [...this.closers].reverse()) {
      try {
        await close();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/**
 * The connection levels of the closed-model workloads that could come near the generator's
 * ceiling (compute's one or four connections and held websocket connections never do).
 */
function closedModelLevels(options: BenchOptions): number[] {
  const levels = options.workloads
    .filter((w) => w.levelLabel === 'connections' && w.name !== 'websocket')
    .flatMap((w) => options.levels[w.name] ?? []);
  const distinct = [...new Set(levels.filter((l) => l >= 10))].sort((a, b) => a - b);
  return distinct.length ? distinct : [100];
}

/** Every live server of the stage: the idle wait before a trial covers them all. */
const livePids = (stage: StageRun) => [...stage.running.values()].filter((s) => !s.hasExited()).map((s) => s.pid);

const armName = (arm: Arm) =>
  `${arm.server.name} ${arm.workload.name}${describeParameters(arm.parameters)}${arm.aa ? ' (A/A)' : ''}`;

function describeParameters(parameters: PlannedCell['parameters']): string {
  const entries = Object.entries(parameters);
  return entries.length ? ` (${entries.map(([k, v]) => `${k}=${v}`).join(', ')})` : '';
}
