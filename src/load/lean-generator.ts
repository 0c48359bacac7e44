/**
 * The lean closed-model driver (lean-closed.ts) run in as many Node generator processes as the
 * generator has CPUs: one Node process drives one core, so a generator given four CPUs runs four,
 * each with its share of the connections, and their results are merged (counts summed, latency
 * histograms added, CPU summed). The first process is the run's Node generator itself, which sits
 * idle while a closed-model cell runs; on a 2-core machine (one generator CPU) that is the only one.
 * Jobs of other kinds go to that first process unchanged.
 */
import { cpuList } from '../measure/cpu-busy.js';
import { mergeLatency } from './histogram.js';
import type { LeanClosedResult } from './lean-closed.js';
import { NodeWorkerGenerator } from './node-generator.js';
import type { LoadJob } from './jobs.js';
import type { ClosedHttpJob, GeneratorRun, HttpLoadResult } from './types.js';

/** One process per generator CPU; unpinned, one (there is no core to give it). */
export function leanProcesses(cpus?: string): number {
  return cpus ? cpuList(cpus).length : 1;
}

/** Splits `connections` into `parts` near-equal shares (none empty). */
export function splitConnections(connections: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, connections));
  return Array.from({ length: n }, (_, i) => Math.floor(connections / n) + (i < connections % n ? 1 : 0));
}

/** Several processes' results as one: what a single generator would have reported. */
export function mergeClosedResults(parts: readonly LeanClosedResult[]): HttpLoadResult {
  const statusCounts: Record<string, number> = {};
  for (const part of parts)
    for (const [code, n] of Object.entries(part.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n;
  const sum = (pick: (r: LeanClosedResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
  return {
    responses: sum((r) => r.responses),
    sent: sum((r) => r.sent),
    // The processes ran side by side: the window is the longest of theirs.
    durationSeconds: Math.max(...parts.map((r) => r.durationSeconds)),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCounts,
    latencyMs: parts.length === 1 ? parts[0]!.latencyMs : mergeLatency(parts.map((r) => r.histogram)),
  };
}

export class LeanGenerator {
  readonly driver = 'lean' as const;

  private constructor(
    private readonly processes: NodeWorkerGenerator[],
    private readonly owned: NodeWorkerGenerator[],
  ) {}

  /** `first` is the run's Node generator (shared, not closed here); more processes are started for more CPUs. */
  static async start(
    first: NodeWorkerGenerator,
    cpus?: string,
    processes = leanProcesses(cpus),
  ): Promise<LeanGenerator> {
    const owned = await Promise.all(
      Array.from({ length: Math.max(1, processes) - 1 }, () => NodeWorkerGenerator.start(cpus)),
    );
    return new LeanGenerator([first, ...owned], owned);
  }

  get processCount(): number {
    return this.processes.length;
  }

  async run<R>(job: LoadJob): Promise<GeneratorRun<R>> {
    if (job.kind !== 'closed-http') return this.processes[0]!.run<R>(job);
    const shares = splitConnections(job.connections, this.processes.length);
    const runs = await Promise.all(
      shares.map((connections, i) =>
        this.processes[i]!.run<LeanClosedResult>({ ...job, connections, driver: 'lean' } satisfies ClosedHttpJob),
      ),
    );
    return {
      result: mergeClosedResults(runs.map((r) => r.result)) as R,
      generatorCpuPercent: runs.reduce((sum, r) => sum + r.generatorCpuPercent, 0),
      generatorCpuSeconds: runs.reduce((sum, r) => sum + r.generatorCpuSeconds, 0),
      driver: 'lean',
    };
  }

  abort(): void {
    for (const process of this.processes) process.abort();
  }

  async close(): Promise<void> {
    await Promise.all(this.owned.map((p) => p.close()));
  }
}
