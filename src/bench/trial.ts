/**
 * One trial of an arm: wait until every server of the stage is idle, run the workload's load while
 * sampling the server's CPU and memory, count the queries it caused, and make the cell of it. A
 * server that dies mid-trial stops the load at once and errors its cell; a database that went away
 * stops the run.
 */
import { VerdictError } from '../core/errors.js';
import { pingDatabase, settledUserQueryCount, type Database } from '../database/index.js';
import { trackGenerators } from '../load/tracking.js';
import { startCpuBusy } from '../measure/cpu-busy.js';
import { waitUntilIdle } from '../measure/idle.js';
import { startGroupSampler } from '../measure/proc.js';
import type { Cell, CompletedCell } from '../results/schema.js';
import type { RunningServer } from '../servers/process.js';
import { targetAnswered, withoutProcessFigures } from '../targets/target.js';
import { wasInterrupted } from '../util/lifecycle.js';
import { CellSkipped, type Workload } from '../workloads/index.js';
import { completedCell, erroredCell, skippedCell } from './cells.js';
import type { PlannedCell } from './planned.js';

/** The longest a cell waits for its server to finish the previous cell's leftover requests. */
const BACKLOG_MAX_SECONDS = 30;

/** What a trial needs of its run. */
export interface TrialRun {
  database: Database;
  /** False when the database is not verdict's (--target): it was not seeded. */
  seeded: boolean;
  /** The load generator's CPUs, kept busy-measured during the trial; null when not pinned. */
  generatorCpus: string | null;
  /**
   * A --target server: its process is out of reach, so it is asked whether it is idle and its CPU and memory are not
   * recorded.
   */
  target: boolean;
}

export interface Trial {
  server: RunningServer;
  /** Every live server of the stage: the idle wait before the trial covers them all. */
  everyServer: readonly number[];
  planned: PlannedCell;
  /** The workload's run context at the cell's level, parameters and duration. */
  context: Parameters<Workload['run']>[0];
  /** Whether this trial counts PostgreSQL's queries per request (planned.ts, countsQueries). */
  countQueries: boolean;
}

export async function measureTrial(run: TrialRun, trial: Trial): Promise<Cell> {
  const { database } = run;
  const { server, everyServer, planned, context } = trial;
  const workload = planned.workload;
  // Queries per request verify the work each arm does; the first round verifies it, and later
  // rounds (and --quick) skip the count and the drain it waits for (planned.ts, countsQueries).
  const counting = trial.countQueries && database.statementsAvailable;
  // A server still working through the backlog of the previous cell or the warm-up (requests
  // whose clients are gone still run: a connection per request at 1,000 connections takes
  // seconds to drain) would start this cell behind it and measure next to nothing. Every server
  // of the stage is running, so the wait covers them all. A target's CPU is out of reach: it is asked instead.
  if (run.target) await targetAnswered(server, BACKLOG_MAX_SECONDS);
  else await waitUntilIdle(everyServer.length ? everyServer : [server.pid], { maxSeconds: BACKLOG_MAX_SECONDS });
  const startedAt = new Date().toISOString();
  let before: number | null = null;
  try {
    // Cells that skip the count still ask the database once: one that went away must stop the
    // run with its reason, not fill the remaining rounds with the servers' errors.
    if (counting) before = await settledUserQueryCount(database.url);
    else if (workload.countsQueries && run.seeded) await pingDatabase(database.url);
  } catch (error) {
    throw databaseGone(database, error);
  }
  // Ctrl-C during the waits above: start no new load (an abort sent before a run began stops nothing).
  if (wasInterrupted())
    return skippedCell(planned, { code: 'interrupted', sentence: 'interrupted before the trial started' });
  const sampler = startGroupSampler(server.pid);
  // Records which driver generated the load and the generator's CPU per response (cell.driver,
  // cell.generatorCpuUsPerRequest).
  const generators = trackGenerators(context.http, context.node);
  const generatorCore = run.generatorCpus ? startCpuBusy(run.generatorCpus) : undefined;
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
    if (error instanceof CellSkipped) return skippedCell(planned, { code: 'not-measurable', sentence: error.message });
    return erroredCell(planned, `load run failed: ${(error as Error).message}`, server.logTail(), { startedAt });
  }
  const usage = sampler.stop();
  const generatorCoreBusy = generatorCore?.stop() ?? null;
  if (generatorCoreBusy !== null)
    measurement.metrics = { ...measurement.metrics, generatorCoreBusyPercent: Math.round(generatorCoreBusy * 10) / 10 };
  // Requests still in flight when the load stopped are answered (or dropped) after it; their
  // queries belong to this cell, so the count is read once the server has finished them.
  if (counting) await waitUntilIdle(server.pid, { maxSeconds: BACKLOG_MAX_SECONDS });
  if (diedDuringCell || server.hasExited()) {
    const info = await server.exited;
    return erroredCell(
      planned,
      `server exited during the cell (${info.signal ?? `code ${info.code}`})`,
      server.logTail(),
      { startedAt, requests: measurement.requests, errors: measurement.errors },
    );
  }
  let queriesPerRequest: number | null = null;
  if (counting && before !== null) {
    let after: number;
    try {
      after = await settledUserQueryCount(database.url);
    } catch (error) {
      throw databaseGone(database, error);
    }
    queriesPerRequest = measurement.sent > 0 ? (after - before) / measurement.sent : null;
  }
  const cell: CompletedCell = {
    ...completedCell(planned, startedAt, measurement, usage, queriesPerRequest),
    ...generators.fields(measurement.requests),
  };
  return run.target ? withoutProcessFigures(cell) : cell;
}

function databaseGone(database: Database, error: unknown): VerdictError {
  const reason = (error as Error).message;
  const hint = database.embedded ? database.logTail().at(-1) : undefined;
  return new VerdictError(
    `PostgreSQL stopped answering during the run: ${reason}${hint ? ` (${hint})` : ''}`,
    'the results so far are saved; check the database and run again',
  );
}
