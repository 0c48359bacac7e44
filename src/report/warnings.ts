/**
 * Typed warnings about a run, each with a remedy (hyperfine's style). Computed from the results
 * file alone, so the bench summary, the reports and the web page show the same ones.
 */
import type { Results } from '../results/schema.js';
import { fieldSpread, groupCells, type CellGroup } from './groups.js';

export type WarningKind = 'errored' | 'noisy' | 'generator-saturated' | 'errors' | 'queries-per-request' | 'cpu-underused';

export interface Warning {
  kind: WarningKind;
  server: string;
  workload: string;
  connections: number | null;
  message: string;
  remedy: string;
}

/** hyperfine and benchstat treat a spread above about 10% of the mean as too noisy to trust. */
export const NOISY_CV = 0.1;
/** A generator above this share of its core is probably limiting the server it measures. */
export const SATURATED_GENERATOR_PERCENT = 90;
/** Below this share of its CPUs a server was waiting on something other than its own code. */
export const UNDERUSED_CPU_SHARE = 0.7;
export const QUERIES_TOLERANCE = 0.01;

const where = (g: CellGroup) => `${g.server} ${g.workload} at ${g.connections} connections`;

export function collectWarnings(results: Results): Warning[] {
  const warnings: Warning[] = [];
  const add = (group: CellGroup, kind: WarningKind, message: string, remedy: string) =>
    warnings.push({ kind, server: group.server, workload: group.workload, connections: group.connections, message, remedy });

  for (const group of groupCells(results.cells)) {
    const errored = group.trials.filter((c) => c.outcome === 'errored');
    if (errored.length > 0) {
      add(group, 'errored', `${where(group)}: ${errored.length} of ${group.trials.length} trials errored (${errored[0]!.reason})`, `run 'verdict servers start ${group.server}' to see the server's log`);
    }
    if (group.completed.length === 0) continue;

    const rps = fieldSpread(group, (c) => c.requestsPerSecond);
    if (rps && rps.n > 1 && rps.cv > NOISY_CV) {
      add(group, 'noisy', `${where(group)}: req/s varied by ${(rps.cv * 100).toFixed(0)}% between trials`, 'close other programs, or raise --duration or --trials');
    }
    const generator = fieldSpread(group, (c) => c.generatorCpuPercent);
    if (generator && generator.max >= SATURATED_GENERATOR_PERCENT) {
      add(group, 'generator-saturated', `${where(group)}: the load generator used ${generator.max.toFixed(0)}% of its CPU, so it may have limited the server`, 'use --driver wrk (lighter than autocannon), or run on a machine with more cores');
    }
    const failures = group.completed.reduce((sum, c) => sum + c.errors + c.timeouts + c.non2xx, 0);
    if (failures > 0) {
      const non2xx = group.completed.reduce((sum, c) => sum + c.non2xx, 0);
      const timeouts = group.completed.reduce((sum, c) => sum + c.timeouts, 0);
      add(group, 'errors', `${where(group)}: ${failures - non2xx - timeouts} errors, ${timeouts} timeouts, ${non2xx} non-2xx responses`, `run 'verdict servers start ${group.server}' and watch its log at this load`);
    }
    const queries = fieldSpread(group, (c) => c.queriesPerRequest);
    if (queries && (Math.abs(queries.min - 1) > QUERIES_TOLERANCE || Math.abs(queries.max - 1) > QUERIES_TOLERANCE) && group.workload === 'users') {
      add(group, 'queries-per-request', `${where(group)}: PostgreSQL ran ${queries.median.toFixed(2)} queries per request, not 1`, 'failed requests run no query; check the errors, or the server is caching or repeating queries');
    }
    const cpu = fieldSpread(group, (c) => c.serverCpuPercent);
    const info = results.servers.find((s) => s.name === group.server);
    const pinnedCpus = countCpus(info?.pinnedTo ?? null) ?? results.environment.cores;
    const share = Math.min(info?.workers ?? 1, pinnedCpus) * 100;
    if (cpu && cpu.median < share * UNDERUSED_CPU_SHARE && group.connections >= 10) {
      add(group, 'cpu-underused', `${where(group)}: the server used ${cpu.median.toFixed(0)}% CPU of its ${share}% share, so it waited on something`, 'compare with the database ceiling; a connection per request or a small pool makes a server wait');
    }
  }
  return warnings;
}

/** "0" -> 1, "0-2" -> 3, "0,2" -> 2. */
export function countCpus(list: string | null): number | undefined {
  if (!list) return undefined;
  let count = 0;
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number);
    count += to === undefined ? 1 : to - from! + 1;
  }
  return count;
}
