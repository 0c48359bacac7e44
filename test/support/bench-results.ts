/**
 * Shorthands over the shared results builder for the bench tests: a fully specified completed
 * users cell that a test overrides field by field (errored and skipped cells come from buildCell),
 * and a document around cells (validated by the schema).
 */
import type { Cell, CompletedCell, Results } from '../../src/results/schema.js';
import { describeWorkloadNames } from '../../src/workloads/facts.js';
import { blockId, buildCell, buildResults } from './results-builder.js';

export const cell = (overrides: Partial<CompletedCell> = {}): CompletedCell => {
  const merged: CompletedCell = {
    ...buildCell({
      server: 'node-fastify',
      connections: 100,
      rps: 5_000,
      latency: { p50: 10, p90: 20, p99: 30, p999: 40, max: 50 },
    }),
    startedAt: '2026-11-26T10:00:00.000Z',
    durationSeconds: 4,
    requests: 20_000,
    serverRssMb: 110,
    generatorCpuPercent: 60,
    ...overrides,
  };
  // The block follows the overridden workload, level and parameters unless given.
  return { ...merged, block: overrides.block ?? blockId(merged.workload, merged.connections, merged.parameters) };
};

/**
 * A valid document around the given cells, which are not validated here: tests of the schema
 * itself pass cells that break it.
 */
export const minimalResults = (cells: Cell[] = [cell()]): Results => {
  // The plan describes every workload the cells name, as the bench's would.
  const around = buildResults([cell()], {
    status: 'running',
    finishedAt: null,
    plan: { workloadFacts: describeWorkloadNames(['users', ...cells.map((c) => c.workload)]) },
  });
  const servers = [...new Map(cells.map((c) => [c.server, c])).values()].map((c) => ({
    ...around.servers[0]!,
    name: c.server,
    runtime: c.runtime,
    variant: c.variant,
  }));
  return { ...around, servers, cells };
};
