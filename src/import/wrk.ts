/**
 * `verdict import wrk`: one wrk run (one server, one workload, one level) as one cell. wrk's output
 * names no server or workload, so the command line does. Latency comes from the most exact part
 * of the output there is (src/import/wrk-output.ts): wrk's own percentiles from the done hook's
 * line, else the full distribution through verdict's histogram, else none: the text summary has
 * no p99.9, so its percentiles are kept as figures of the cell but the claims cannot read them.
 */
import { UsageError } from '../core/errors.js';
import { createLatencyRecorder } from '../load/histogram.js';
import { completedCell, erroredCell, type CellIdentity } from '../results/cells.js';
import type { Cell, Latency } from '../results/schema.js';
import { blockOf } from './cells.js';
import type { WrkOutput } from './wrk-output.js';

export interface WrkCellOptions {
  server: string;
  runtime: Cell['runtime'];
  variant: Cell['variant'];
  workload: string;
  /** --connections; the output's own count when not given. */
  connections: number | undefined;
  /** When the run ended (wrk prints no time): the output file's modification time. */
  endedAt: Date;
}

export type LatencySource = 'done-hook' | 'distribution' | 'text summary (no p99.9)' | 'none';

/** The figures a text-only import keeps, in milliseconds (wrk's --latency percentiles and its row). */
function textFigures(output: WrkOutput): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [percent, us] of output.percentilesUs)
    figures[`latencyP${String(percent).replace('.', '_')}Ms`] = us / 1000;
  if (output.latencyRow) {
    figures.latencyMeanMs = output.latencyRow.meanUs / 1000;
    figures.latencyMaxMs = output.latencyRow.maxUs / 1000;
  }
  return figures;
}

/** The distribution through the same histogram verdict's drivers record into. */
export function latencyFromDistribution(counts: readonly [number, number][]): Latency | null {
  const recorder = createLatencyRecorder();
  for (const [us, count] of counts) for (let i = 0; i < count; i += 1) recorder.recordMs(us / 1000);
  return recorder.summary();
}

export function latencyOf(output: WrkOutput): { latency: Latency | null; source: LatencySource } {
  const ms = (us: number) => us / 1000;
  const done = output.done;
  if (done && done.responses > 0)
    return {
      latency: {
        p50: ms(done.p50),
        p90: ms(done.p90),
        p99: ms(done.p99),
        p999: ms(done.p999),
        max: ms(done.max),
        mean: ms(done.mean),
      },
      source: 'done-hook',
    };
  if (output.distribution?.length)
    return { latency: latencyFromDistribution(output.distribution), source: 'distribution' };
  if (output.percentilesUs.size > 0) return { latency: null, source: 'text summary (no p99.9)' };
  return { latency: null, source: 'none' };
}

export function wrkCell(
  output: WrkOutput,
  options: WrkCellOptions,
  where: string,
): { cell: Cell; latencySource: LatencySource } {
  const connections = options.connections ?? output.connections;
  if (connections === undefined)
    throw new UsageError(`${where} does not say how many connections wrk held`, 'give --connections N (wrk -c N)');
  if (
    options.connections !== undefined &&
    output.connections !== undefined &&
    options.connections !== output.connections
  ) {
    throw new UsageError(
      `--connections ${options.connections} but ${where} says wrk held ${output.connections}`,
      `drop --connections or pass the output of the run with ${options.connections}`,
    );
  }
  const done = output.done;
  const responses = done?.responses ?? output.requests ?? 0;
  const durationSeconds = done ? done.durationUs / 1e6 : (output.durationSeconds ?? 0);
  const errors = done
    ? done.connect + done.read + done.write
    : output.socketErrors
      ? output.socketErrors.connect + output.socketErrors.read + output.socketErrors.write
      : 0;
  const timeouts = done?.timeout ?? output.socketErrors?.timeout ?? 0;
  const non2xx = done?.status ?? output.statusErrors ?? 0;
  const { latency, source } = latencyOf(output);
  const responded = responses > 0;
  const startedAt = new Date(options.endedAt.getTime() - durationSeconds * 1000);
  const identity: CellIdentity = {
    server: options.server,
    runtime: options.runtime,
    variant: options.variant,
    workload: options.workload,
    parameters: {},
    connections,
    round: 1,
    position: 1,
    block: blockOf(options.workload, connections),
    aa: false,
  };
  // What wrk counted, whether or not a response arrived: a run with none is errored, with its counts.
  const counted = {
    durationSeconds,
    requests: responses,
    errors,
    timeouts,
    non2xx,
    driver: 'wrk' as const,
    metrics: source === 'text summary (no p99.9)' ? textFigures(output) : {},
  };
  const cell: Cell = responded
    ? completedCell(identity, startedAt.toISOString(), {
        ...counted,
        // wrk's own rate: responses over the whole run (its "Requests/sec").
        requestsPerSecond: durationSeconds > 0 ? responses / durationSeconds : null,
        latencyMs: latency,
        serverCpuPercent: null,
        serverRssMb: null,
        generatorCpuPercent: null,
        generatorCpuUsPerRequest: null,
        queriesPerRequest: null,
      })
    : erroredCell(identity, `wrk received no response: ${errors} socket errors, ${timeouts} timeouts`, [], {
        startedAt: startedAt.toISOString(),
        ...counted,
      });
  return { cell, latencySource: source };
}
