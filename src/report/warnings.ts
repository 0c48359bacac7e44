/**
 * Typed warnings about a run, each with a remedy (hyperfine's style). Computed from the results
 * file alone, so the bench summary, the reports and the web page show the same ones.
 */
import { ceilingFor, NEAR_CEILING_SHARE } from '../calibrate/figures.js';
import { isErrored, type Results } from '../results/schema.js';
import { NOISY_CV } from '../measure/stats.js';
import { formatRate } from '../util/format.js';
import { fieldSpread, groupCells, type CellGroup } from '../results/groups.js';
import { metricOf } from '../results/metrics.js';
import { factsOf } from '../results/workload-facts.js';

export type WarningKind =
  | 'errored'
  | 'no-responses'
  | 'noisy'
  | 'generator-saturated'
  | 'errors'
  | 'queries-per-request'
  | 'cpu-underused'
  | 'rate-not-held'
  | 'generator-behind'
  | 'fanout-calls'
  | 'near-generator-ceiling';

export interface Warning {
  kind: WarningKind;
  server: string;
  workload: string;
  connections: number | null;
  message: string;
  remedy: string;
}

/** A generator above this share of its core is probably limiting the server it measures. */
export const SATURATED_GENERATOR_PERCENT = 90;
/** A core this busy (the generator's, shared with PostgreSQL) has no time left to give. */
export const SATURATED_CORE_PERCENT = 95;
/** Below this share of its CPUs a server was waiting on something other than its own code. */
export const UNDERUSED_CPU_SHARE = 0.7;
export const QUERIES_TOLERANCE = 0.01;
/**
 * An open-model generator sending later than this after the intended time (p99) adds that much
 * latency of its own: timer granularity alone is 1-2 ms.
 */
export const SEND_LAG_MS = 10;

export function collectWarnings(results: Results): Warning[] {
  const warnings: Warning[] = [];
  const where = (g: CellGroup) =>
    `${g.server} ${g.workload} at ${g.connections} ${factsOf(results.plan, g.workload).levelLabel}`;
  const add = (group: CellGroup, kind: WarningKind, message: string, remedy: string) =>
    warnings.push({
      kind,
      server: group.server,
      workload: group.workload,
      connections: group.connections,
      message,
      remedy,
    });

  for (const group of groupCells(results.cells)) {
    const errored = group.trials.filter(isErrored);
    if (errored.length > 0) {
      add(
        group,
        'errored',
        `${where(group)}: ${errored.length} of ${group.trials.length} trials errored (${errored[0]!.reason})`,
        `run 'verdict servers start ${group.server}' to see the server's log`,
      );
    }
    if (group.completed.length === 0) continue;

    const silent = group.completed.filter((c) => c.requests === 0 && (metricOf(c, 'unfinishedRequests') ?? 0) > 0);
    if (silent.length > 0) {
      add(
        group,
        'no-responses',
        `${where(group)}: no response arrived in ` +
          `${silent.length === group.completed.length ? `any of its` : `${silent.length} of its`} ` +
          `${silent[0]!.durationSeconds.toFixed(0)} s trials; ${metricOf(silent[0]!, 'unfinishedRequests')} ` +
          `requests were still waiting, so its latency outlasts the cell`,
        'raise --duration to see its steady state; read its req/s here as "slower than the cell"',
      );
    }

    const rps = fieldSpread(group, (c) => c.requestsPerSecond);
    if (rps && rps.n > 1 && rps.cv > NOISY_CV) {
      add(
        group,
        'noisy',
        `${where(group)}: req/s varied by ${(rps.cv * 100).toFixed(0)}% between rounds (a warning: ratios are ` +
          `paired by round, so drift shared by both sides cancels)`,
        'close other programs, or raise --rounds (more rounds narrow every interval) or --duration',
      );
    }
    const generator = fieldSpread(group, (c) => c.generatorCpuPercent);
    const core = fieldSpread(group, (c) => metricOf(c, 'generatorCoreBusyPercent'));
    if (generator && generator.max >= SATURATED_GENERATOR_PERCENT) {
      add(
        group,
        'generator-saturated',
        `${where(group)}: the load generator used ${generator.max.toFixed(0)}% of its CPU, so it may have ` +
          `limited the server`,
        'use --driver wrk (lighter than autocannon), or run on a machine with more cores',
      );
    } else if (core && core.max >= SATURATED_CORE_PERCENT) {
      add(
        group,
        'generator-saturated',
        `${where(group)}: the load generator's CPU (shared with PostgreSQL) was ${core.max.toFixed(0)}% busy, ` +
          `so load or queries may have waited for it`,
        'use --driver wrk (lighter than autocannon), or run on a machine with more cores',
      );
    }
    const failures = group.completed.reduce((sum, c) => sum + c.errors + c.timeouts + c.non2xx, 0);
    if (failures > 0) {
      const non2xx = group.completed.reduce((sum, c) => sum + c.non2xx, 0);
      const timeouts = group.completed.reduce((sum, c) => sum + c.timeouts, 0);
      add(
        group,
        'errors',
        `${where(group)}: ${failures - non2xx - timeouts} errors${heldConnectionFailures(group)}, ${timeouts} ` +
          `timeouts, ${non2xx} non-2xx responses`,
        `run 'verdict servers start ${group.server}' and watch its log at this load`,
      );
    }
    const queries = fieldSpread(group, (c) => c.queriesPerRequest);
    // A workload that counts queries runs one on the users table per request (plan.workloadFacts).
    if (
      queries &&
      (Math.abs(queries.min - 1) > QUERIES_TOLERANCE || Math.abs(queries.max - 1) > QUERIES_TOLERANCE) &&
      factsOf(results.plan, group.workload).countsQueries
    ) {
      add(
        group,
        'queries-per-request',
        `${where(group)}: PostgreSQL ran ${queriesRange(queries)} queries per request, not 1`,
        'failed requests run no query; check the errors, or the server is caching or repeating queries',
      );
    }
    const cpu = fieldSpread(group, (c) => c.serverCpuPercent);
    const info = results.servers.find((s) => s.name === group.server);
    const pinnedCpus = countCpus(info?.pinnedTo ?? null) ?? results.environment.cores;
    const share = Math.min(info?.workers ?? 1, pinnedCpus) * 100;
    if (
      cpu &&
      cpu.median < share * UNDERUSED_CPU_SHARE &&
      group.connections >= 10 &&
      factsOf(results.plan, group.workload).columns.keepsServerBusy
    ) {
      add(
        group,
        'cpu-underused',
        `${where(group)}: the server used ${cpu.median.toFixed(0)}% CPU of its ${share}% share, so it waited on ` +
          `something`,
        'compare with the database ceiling; a connection per request or a small pool makes a server wait',
      );
    }
    metricWarnings(group, add, where);
    nearGeneratorCeiling(results, group, add, where);
  }
  return warnings;
}

/** The open model's own checks (metrics.rateHeld, metrics.sendLagP99Ms) and fan-out's calls per request. */
function metricWarnings(
  group: CellGroup,
  add: (group: CellGroup, kind: WarningKind, message: string, remedy: string) => void,
  where: (g: CellGroup) => string,
): void {
  const notHeld = group.completed.filter((c) => metricOf(c, 'rateHeld') === 0);
  if (notHeld.length > 0) {
    const c = notHeld[0]!;
    add(
      group,
      'rate-not-held',
      `${where(group)}: asked for ${metricOf(c, 'targetRate')} req/s, achieved ${metricOf(c, 'achievedRate')} ` +
        `(sent ${metricOf(c, 'sentRate')}); the server could not keep up at this rate, so its latency grew ` +
        `through the run`,
      'read the latency as overload: the rate is beyond what this server sustains on this machine; the lower ' +
        'rates show its steady state',
    );
  }
  const lag = fieldSpread(group, (c) => metricOf(c, 'sendLagP99Ms'));
  if (lag && lag.max > SEND_LAG_MS) {
    add(
      group,
      'generator-behind',
      `${where(group)}: the load generator sent requests up to ${lag.max.toFixed(0)} ms after their intended ` +
        `time (p99); that much of the latency may be the generator's, not the server's`,
      'give the load generator a quiet CPU of its own (nothing else running, PostgreSQL elsewhere)',
    );
  }
  const k = Number(group.parameters.k);
  const calls = fieldSpread(group, (c) => metricOf(c, 'downstreamCallsPerRequest'));
  // Only fan-out records downstream calls, and its K parameter is how many each request should make.
  if (calls && Number.isFinite(k) && (calls.min < k * 0.98 || calls.max > k * 1.02)) {
    add(
      group,
      'fanout-calls',
      `${where(group)}: the downstream stub answered ${calls.median.toFixed(2)} calls per request, not ${k}`,
      'failed requests make fewer calls; check the errors, or the server is not fanning out as asked',
    );
  }
}

/**
 * A closed-model cell whose req/s reached NEAR_CEILING_SHARE of what its driver can drive on this
 * machine (results.calibration): the generator may have been what limited it, not the server.
 */
function nearGeneratorCeiling(
  results: Results,
  group: CellGroup,
  add: (group: CellGroup, kind: WarningKind, message: string, remedy: string) => void,
  where: (g: CellGroup) => string,
): void {
  const driver = group.completed[0]?.driver;
  const rps = fieldSpread(group, (c) => c.requestsPerSecond);
  if (!results.calibration || !driver || !rps) return;
  const found = ceilingFor(results.calibration, driver, group.connections);
  if (!found || rps.max < NEAR_CEILING_SHARE * found.requestsPerSecond) return;
  const cores = results.calibration.environment.generatorCores;
  add(
    group,
    'near-generator-ceiling',
    `${where(group)}: ${formatRate(rps.max)} req/s is ${Math.round((rps.max / found.requestsPerSecond) * 100)}% ` +
      `of what the load generator can drive here (${driver}: ${formatRate(found.requestsPerSecond)} req/s on ` +
      `${cores} core${cores === 1 ? '' : 's'} at ${found.ceiling.connections} connections), so the generator may ` +
      `have limited it`,
    driver === 'wrk'
      ? 'give the load generator more cores (a machine with more CPUs); run verdict calibrate to see its ceiling'
      : 'use --driver wrk (the lightest; verdict setup installs it), or give the load generator more cores',
  );
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

/**
 * For workloads that hold connections (websocket, sse) most errors are connections the server
 * refused or dropped: say how many of each, so the warning explains itself.
 */
function heldConnectionFailures(group: CellGroup): string {
  const held = group.completed.filter((c) => metricOf(c, 'connectErrors') !== undefined);
  if (held.length === 0) return '';
  const refused = held.reduce((sum, c) => sum + (metricOf(c, 'connectErrors') ?? 0), 0);
  const dropped = held.reduce((sum, c) => sum + (metricOf(c, 'dropped') ?? 0), 0);
  return ` (${refused} connections refused, ${dropped} dropped)`;
}

/** One figure when the runs agree to two decimals, else their range. */
function queriesRange(queries: { min: number; max: number; median: number }): string {
  const [min, max] = [queries.min.toFixed(2), queries.max.toFixed(2)];
  return min === max ? queries.median.toFixed(2) : `${min} to ${max}`;
}
