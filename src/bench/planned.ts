/**
 * The cells a plan will produce, in run order, and how long that should take. Used for the
 * progress bar's ETA, the time estimate printed before a run, and to record every cell of a
 * server that could not start.
 */
import type { ServerManifest } from '../servers/manifest.js';
import { pgbenchSeconds } from './ceiling.js';
import type { Parameters, Workload } from '../workloads/index.js';
import type { BenchOptions } from './options.js';

export interface PlannedCell {
  server: ServerManifest;
  workload: Workload;
  connections: number;
  parameters: Parameters;
  trial: number;
}

export function plannedCells(options: BenchOptions, server: ServerManifest, workload: Workload): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const connections of options.levels[workload.name] ?? []) {
    for (const parameters of workload.parameterSets(options.quick, server)) {
      for (let trial = 1; trial <= trialsFor(options, workload); trial += 1) cells.push({ server, workload, connections, parameters, trial });
    }
  }
  return cells;
}

export const trialsFor = (options: BenchOptions, workload: Workload) => options.trialsByWorkload[workload.name] ?? options.trials;
/** Whether the bench warms the server up before a workload's cells. */
export const warmsUp = (options: BenchOptions, workload: Workload) =>
  options.warmupSeconds > 0 && workload.warmup !== false && (!options.quick || options.warmupExplicit || workload.quickWarmup !== false);
export const durationFor = (options: BenchOptions, workload: Workload) => options.durationByWorkload[workload.name] ?? options.durationSeconds;

export function allPlannedCells(options: BenchOptions): PlannedCell[] {
  return options.servers.flatMap((server) => options.workloads.flatMap((workload) => plannedCells(options, server, workload)));
}

/** Seconds a cell costs beyond its duration: quiescence, query counting, saving. */
const CELL_OVERHEAD_SECONDS = 1.2;
const SERVER_START_SECONDS = 2;
/** run.ts's primer: a short load at a few connections before each warm-up. */
const PRIMER_SECONDS = 1;
const DATABASE_START_SECONDS = 3;

export function estimateSeconds(options: BenchOptions): number {
  let total = DATABASE_START_SECONDS;
  const ceilingLevels = options.workloads.some((w) => w.name === 'users') ? (options.levels.users ?? []).length : 0;
  total += (options.levels.users ?? []).reduce((sum, c) => sum + pgbenchSeconds(c, Math.min(options.durationSeconds, 3)) + 1, 0) * (ceilingLevels > 0 ? 1 : 0);
  for (const server of options.servers) {
    total += SERVER_START_SECONDS;
    for (const workload of options.workloads) {
      if (!workload.appliesTo(server)) continue;
      if (warmsUp(options, workload)) total += PRIMER_SECONDS + options.warmupSeconds + CELL_OVERHEAD_SECONDS / 2;
      const duration = durationFor(options, workload);
      for (const cell of plannedCells(options, server, workload)) {
        total += workload.estimateCellSeconds?.(cell.connections, duration, server.runtime) ?? duration + CELL_OVERHEAD_SECONDS;
        if (workload.freshServer) total += SERVER_START_SECONDS;
      }
    }
  }
  return total;
}

export function formatDuration(seconds: number): string {
  const rounded = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(rounded / 60);
  const rest = rounded % 60;
  return minutes > 0 ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}
