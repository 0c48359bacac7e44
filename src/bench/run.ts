/**
 * The benchmark loop: database, ceilings, then each server and workload, cell by cell, saving
 * the results file after every cell. A failing server costs its own cells, never the run.
 */
import { VerdictError } from '../cli/errors.js';
import { seedUsers, settledUserQueryCount, startDatabase, usersChecksum, type Database } from '../database/index.js';
import { createGenerators } from '../load/index.js';
import { startCpuBusy } from '../measure/cpu-busy.js';
import { waitUntilIdle } from '../measure/idle.js';
import { startGroupSampler } from '../measure/proc.js';
import { RESULTS_SCHEMA_ID, RESULTS_VERSION, type Cell, type Results, type ServerInfo } from '../results/schema.js';
import { notImplementedReason } from '../results/reasons.js';
import { writeResults, writeResultsSync } from '../results/store.js';
import type { ServerManifest } from '../servers/manifest.js';
import { startServer, ServerStartError, type RunningServer } from '../servers/process.js';
import { findPython } from '../servers/python.js';
import { onInterrupt, wasInterrupted } from '../util/lifecycle.js';
import { CellSkipped, type Workload, type WorkloadResources } from '../workloads/index.js';
import { measureCeiling } from './ceiling.js';
import { completedCell, erroredCell, skippedCell } from './cells.js';
import { cpuPlacement, describeEnvironment, libraryVersions, withDatabasePinned, type Placement } from './environment.js';
import type { BenchOptions } from './options.js';
import { allPlannedCells, durationFor, plannedCells, trialsFor, warmsUp, type PlannedCell } from './planned.js';

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

/** A short first load at a few connections, as TechEmpower's primer, before the warm-up proper. */
const PRIMER = { connections: 8, seconds: 1 };
/**
 * PostgreSQL shares the load generator's CPU; at an equal niceness its ten busy backends got ten
 * times the generator's share, and the generator sent open-model requests up to 70 ms late. At
 * this niceness the generator runs when it needs to and PostgreSQL has the rest of the CPU.
 */
const DATABASE_NICENESS = 10;

export async function runBench(options: BenchOptions, hooks: BenchHooks): Promise<BenchOutcome> {
  const needsPython = options.servers.some((s) => s.runtime === 'python');
  const python = needsPython ? await findPython(options.python) : null;
  const database = await startDatabase({ ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), log: hooks.log });
  try {
    const unpinned = cpuPlacement(options.pin);
    const placement = withDatabasePinned(unpinned, unpinned.generator !== null && (await database.pinTo(unpinned.generator, { niceness: DATABASE_NICENESS })), DATABASE_NICENESS);
    hooks.log(`placement: ${placement.note}`);
    await seedUsers(database.url, options.rows);
    const seedDigest = await usersChecksum(database.url);
    hooks.log(`seeded ${options.rows} users`);
    const generators = await createGenerators(options.driver, placement.generator ?? undefined);
    const resources: WorkloadResources[] = [];
    try {
      for (const workload of options.workloads) {
        if (workload.setup) resources.push(await workload.setup({ generatorCpus: placement.generator, quick: options.quick }));
      }
      const serverEnv = Object.assign({}, ...resources.map((r) => r.env)) as Record<string, string>;
      const facts = Object.assign({}, ...resources.map((r) => r.facts ?? {})) as Record<string, string>;
      return await measureAll(options, hooks, { database, python: python?.path ?? null, pythonVersion: python?.version ?? null, placement, generators, seedDigest, serverEnv, facts });
    } finally {
      await Promise.all(resources.map((r) => r.stop()));
      await generators.close();
    }
  } finally {
    await database.stop();
  }
}

interface RunContext {
  database: Database;
  python: string | null;
  pythonVersion: string | null;
  placement: Placement;
  generators: Awaited<ReturnType<typeof createGenerators>>;
  seedDigest: string;
  /** Environment every server gets from the workloads' run-level resources. */
  serverEnv: Record<string, string>;
  facts: Record<string, string>;
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
      trials: options.trials,
      trialsByWorkload: options.trialsByWorkload,
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
  };
  await writeResults(options.out, results);

  // Ctrl-C: save what we have at once, synchronously, then let the cleanups stop every process.
  const stopListening = onInterrupt(() => {
    results.status = 'interrupted';
    results.finishedAt = new Date().toISOString();
    writeResultsSync(options.out, results);
    run.generators.http.abort();
    run.generators.node.abort();
  });
  const total = allPlannedCells(options).length;
  let done = 0;
  let failed = false;
  const record = async (cell: Cell) => {
    if (wasInterrupted()) return;
    results.cells.push(cell);
    if (cell.outcome === 'errored') failed = true;
    done += 1;
    await writeResults(options.out, results);
  };

  try {
    if (options.workloads.some((w) => w.name === 'users')) {
      for (const connections of options.levels.users ?? []) {
        if (wasInterrupted()) break;
        hooks.progress({ done, total, label: `database ceiling at ${connections} connections` });
        results.ceilings.push(await measureCeiling({ url: run.database.url, connections, durationSeconds: Math.min(options.durationSeconds, 3), cpus: run.placement.generator }));
        await writeResults(options.out, results);
      }
    }

    for (const manifest of options.servers) {
      if (wasInterrupted()) break;
      hooks.progress({ done, total, label: `starting ${manifest.name}` });
      let server: RunningServer;
      try {
        server = await startServer(manifest, { databaseUrl: run.database.url, python: run.python ?? undefined, workers: options.workers, env: run.serverEnv, ...(run.placement.servers ? { cpus: run.placement.servers } : {}) });
      } catch (error) {
        if (wasInterrupted()) break;
        const reason = error instanceof Error ? error.message : String(error);
        const tail = error instanceof ServerStartError ? error.server.logTail() : [];
        hooks.log(`${manifest.name} did not start: ${reason}`);
        for (const workload of options.workloads) {
          for (const planned of plannedCells(options, manifest, workload)) await record(erroredCell(planned, `server did not start: ${reason}`, tail));
        }
        continue;
      }
      hooks.log(`${manifest.name} started (pid ${server.pid}${server.pinnedTo ? `, CPU ${server.pinnedTo}` : ''})`);
      // For workloads whose cells each need a newly started server (Workload.freshServer); one
      // that has measured no cell since it started is as fresh as a new one.
      let cellsAtStart = results.cells.length;
      const restart = async () => {
        if (results.cells.length === cellsAtStart) return server;
        await server.stop();
        server = await startServer(manifest, { databaseUrl: run.database.url, python: run.python ?? undefined, workers: options.workers, env: run.serverEnv, ...(run.placement.servers ? { cpus: run.placement.servers } : {}) });
        cellsAtStart = results.cells.length;
        return server;
      };
      try {
        for (const workload of options.workloads) {
          if (wasInterrupted()) break;
          await runWorkload(options, hooks, run, server, workload, record, () => ({ done, total }), results, restart);
        }
      } finally {
        await server.stop();
      }
    }
  } catch (error) {
    // The run cannot go on (the database went away): keep what was measured, marked as failed.
    if (!wasInterrupted()) {
      results.status = 'failed';
      results.finishedAt = new Date().toISOString();
      await writeResults(options.out, results);
    }
    throw error;
  } finally {
    stopListening();
  }

  const interrupted = wasInterrupted();
  if (!interrupted) {
    results.status = 'completed';
    results.finishedAt = new Date().toISOString();
    await writeResults(options.out, results);
    hooks.progress({ done, total, label: 'done' });
  }
  return { results, interrupted, failed };
}

async function runWorkload(
  options: BenchOptions,
  hooks: BenchHooks,
  run: RunContext,
  server: RunningServer,
  workload: Workload,
  record: (cell: Cell) => Promise<void>,
  counts: () => { done: number; total: number },
  results: Results,
  restart: () => Promise<RunningServer>,
): Promise<void> {
  const planned = plannedCells(options, server.manifest, workload);
  if (!workload.appliesTo(server.manifest)) {
    for (const cell of planned) await record(skippedCell(cell, notImplementedReason(server.manifest.name, workload.name)));
    return;
  }
  try {
    await workload.preflight(server, options.rows);
  } catch (error) {
    for (const cell of planned) await record(erroredCell(cell, `preflight failed: ${(error as Error).message}`, server.logTail()));
    return;
  }
  const context = (connections: number, parameters: PlannedCell['parameters'], durationSeconds: number) => ({
    server,
    database: run.database,
    http: run.generators.http,
    node: run.generators.node,
    connections,
    parameters,
    durationSeconds,
    timeoutSeconds: options.timeoutSeconds,
    rows: options.rows,
    earlierCells: results.cells,
  });
  if (warmsUp(options, workload)) {
    const highest = Math.max(...(options.levels[workload.name] ?? [PRIMER.connections]));
    const parameters = workload.parameterSets(options.quick, server.manifest)[0] ?? {};
    hooks.progress({ ...counts(), label: `${server.manifest.name} ${workload.name}: warm-up` });
    await workload.run(context(Math.min(PRIMER.connections, highest), parameters, PRIMER.seconds)).catch(() => undefined);
    await workload.run(context(highest, parameters, options.warmupSeconds)).catch(() => undefined);
  }
  for (const cell of planned) {
    if (wasInterrupted()) return;
    const label = `${server.manifest.name} ${workload.name}${describeParameters(cell.parameters)} at ${cell.connections} ${workload.levelLabel}, trial ${cell.trial}/${trialsFor(options, workload)}`;
    hooks.progress({ ...counts(), label });
    if (workload.freshServer) {
      try {
        server = await restart();
      } catch (error) {
        await record(erroredCell(cell, `server did not restart: ${(error as Error).message}`, error instanceof ServerStartError ? error.server.logTail() : []));
        continue;
      }
    }
    if (server.hasExited()) {
      const info = await server.exited;
      await record(erroredCell(cell, `server exited earlier (${info.signal ?? `code ${info.code}`})`, server.logTail()));
      continue;
    }
    await record(await measureCell(run, server, workload, cell, context(cell.connections, cell.parameters, durationFor(options, workload))));
  }
  if (workload.writes && (await usersChecksum(run.database.url)) !== run.seedDigest) {
    hooks.log(`${workload.name} changed the users table: reseeding`);
    await seedUsers(run.database.url, options.rows);
  }
}

async function measureCell(run: RunContext, server: RunningServer, workload: Workload, planned: PlannedCell, context: Parameters<Workload['run']>[0]): Promise<Cell> {
  const counting = workload.countsQueries && run.database.statementsAvailable;
  // A server still working through the backlog of the previous cell or the warm-up (requests
  // whose clients are gone still run: a connection per request at 1,000 connections takes
  // seconds to drain) would start this cell behind it and measure next to nothing.
  await waitUntilIdle(server.pid, { maxSeconds: BACKLOG_MAX_SECONDS });
  const startedAt = new Date().toISOString();
  let before: number | null = null;
  try {
    before = counting ? await settledUserQueryCount(run.database.url) : null;
  } catch (error) {
    throw databaseGone(run, error);
  }
  const sampler = startGroupSampler(server.pid);
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
    measurement = await workload.run(context);
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
  return completedCell(planned, startedAt, measurement, usage, queriesPerRequest);
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

