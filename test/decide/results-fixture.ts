/**
 * A hand-built results file: the numbers are chosen by the test, so assertions about what decide
 * cites can be exact. Valid against the real results schema (checked in evidence.test.ts).
 */
import type { Cell, Results } from '../../src/results/schema.js';
import { blockId, buildResults } from '../support/results-builder.js';

export interface CellSpec {
  server: string;
  runtime: 'node' | 'python';
  variant: 'seed' | 'pool' | 'tuned';
  connections: number;
  rps: number;
  p99: number;
  rssMb: number;
  round?: number;
  workload?: string;
  outcome?: Cell['outcome'];
  metrics?: Record<string, number>;
}

export function cell(spec: CellSpec): Cell {
  const identity = {
    server: spec.server,
    runtime: spec.runtime,
    variant: spec.variant,
    workload: spec.workload ?? 'users',
    parameters: {},
    connections: spec.connections,
    round: spec.round ?? 1,
    position: 1,
    block: blockId(spec.workload ?? 'users', spec.connections),
    aa: false,
    startedAt: '2026-11-20T10:00:00.000Z',
  };
  if (spec.outcome === 'errored') return { ...identity, outcome: 'errored', reason: 'server exited', logTail: [] };
  if (spec.outcome === 'skipped')
    return { ...identity, outcome: 'skipped', reason: { code: 'not-measurable', sentence: 'skipped in the test' } };
  return {
    ...identity,
    outcome: 'completed',
    durationSeconds: 5,
    requests: Math.round(spec.rps * 5),
    requestsPerSecond: spec.rps,
    latencyMs: { p50: spec.p99 / 3, p90: spec.p99 / 2, p99: spec.p99, p999: spec.p99 * 1.5, max: spec.p99 * 2 },
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    serverCpuPercent: 98,
    serverRssMb: spec.rssMb,
    generatorCpuPercent: 60,
    queriesPerRequest: 1,
    metrics: spec.metrics ?? {},
  };
}

export function results(cells: Cell[]): Results {
  const base = buildResults(cells.filter((c) => c.outcome === 'completed'));
  return {
    ...base,
    id: 'fixture',
    // Its own CPU and Python version, so the tests can tell the cited environment came from here.
    environment: { ...base.environment, cpuModel: 'Test CPU 3000', python: '3.11.2' },
    cells,
  };
}

/**
 * Tuned Node.js 2.5x tuned Python at 100 connections (rounds 2400/2500/2600 vs 900/1000/1100),
 * a seed Python server that must be ignored, and an errored cell that must not count.
 */
export function sampleResults(): Results {
  const cells: Cell[] = [];
  for (const [round, bump] of [
    [1, -100],
    [2, 0],
    [3, 100],
  ] as const) {
    cells.push(
      cell({
        server: 'node-fastify',
        runtime: 'node',
        variant: 'tuned',
        connections: 10,
        rps: 2000 + bump,
        p99: 8,
        rssMb: 80,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'node-fastify',
        runtime: 'node',
        variant: 'tuned',
        connections: 100,
        rps: 2500 + bump,
        p99: 60,
        rssMb: 89,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'node-fastify',
        runtime: 'node',
        variant: 'tuned',
        connections: 1000,
        rps: 2400 + bump,
        p99: 700,
        rssMb: 170,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'python-fastapi-tuned',
        runtime: 'python',
        variant: 'tuned',
        connections: 10,
        rps: 900 + bump,
        p99: 20,
        rssMb: 60,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'python-fastapi-tuned',
        runtime: 'python',
        variant: 'tuned',
        connections: 100,
        rps: 1000 + bump,
        p99: 150,
        rssMb: 78,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'python-fastapi-tuned',
        runtime: 'python',
        variant: 'tuned',
        connections: 1000,
        rps: 950 + bump,
        p99: 1900,
        rssMb: 240,
        round,
      }),
    );
    cells.push(
      cell({
        server: 'python-fastapi-seed',
        runtime: 'python',
        variant: 'seed',
        connections: 100,
        rps: 90,
        p99: 2000,
        rssMb: 50,
        round,
      }),
    );
  }
  cells.push(
    cell({
      server: 'python-fastapi-tuned',
      runtime: 'python',
      variant: 'tuned',
      connections: 100,
      rps: 0,
      p99: 0,
      rssMb: 0,
      round: 4,
      outcome: 'errored',
    }),
  );
  return results(cells);
}
