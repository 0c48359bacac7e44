/**
 * The compute workload in a bench plan: its own levels whatever --levels says, one trial by
 * default and a short quick run, and an estimate that counts the drain of slow requests.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { benchFlags, parseBenchOptions } from '../../src/bench/options.js';
import { estimateSeconds, plannedCells } from '../../src/bench/planned.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { computeWorkload } from '../../src/workloads/compute.js';

const manifests = (await loadManifests()).filter((m) => m.name === 'node-fastify' || m.name === 'python-fastapi-tuned');
const parse = (...argv: string[]) => parseBenchOptions(parseCommandLine({ name: 'bench', summary: '', flags: benchFlags, run: async () => 0 }, ['--workloads', 'compute', ...argv]), manifests, '/work');

describe('compute in the plan', () => {
  it('keeps 1 and 4 connections when --levels asks for others (a queue of 100 pure-Python requests would time out)', () => {
    expect(parse('--levels', '10,100').levels.compute).toEqual([1, 4]);
    expect(parse('--quick').levels.compute).toEqual([1]);
  });

  it('runs one 3 s trial per cell by default and one 2 s trial in --quick; --trials and --duration win', () => {
    const byDefault = parse();
    expect([byDefault.trialsByWorkload.compute, byDefault.durationByWorkload.compute]).toEqual([1, 3]);
    const quick = parse('--quick');
    expect([quick.trialsByWorkload.compute, quick.durationByWorkload.compute]).toEqual([1, 2]);
    const explicit = parse('--trials', '2', '--duration', '5s');
    expect([explicit.trialsByWorkload.compute, explicit.durationByWorkload.compute]).toEqual([2, 5]);
  });

  it('plans 16 cells on the two tuned servers by default and 6 in --quick, within the time budget', () => {
    const byDefault = parse();
    const quick = parse('--quick');
    const count = (options: ReturnType<typeof parse>) => manifests.reduce((n, m) => n + plannedCells(options, m, computeWorkload).length, 0);
    expect([count(byDefault), count(quick)]).toEqual([16, 6]);
    // The estimate covers the drain: more than duration + a fixed overhead at 4 connections.
    expect(computeWorkload.estimateCellSeconds!(4, 3, 'python')).toBeGreaterThan(computeWorkload.estimateCellSeconds!(1, 3, 'python'));
    expect(estimateSeconds(byDefault)).toBeLessThanOrEqual(90);
    expect(estimateSeconds(quick)).toBeLessThanOrEqual(30);
  });
});
