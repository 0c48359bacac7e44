/**
 * The compute workload in a bench plan: its own levels whatever --levels says, one 2 s round by
 * default and one 1 s round in a quick run, every implementation of one operation in the same block (so they
 * are paired round by round), and an estimate that counts the drain of slow requests.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { benchFlags, parseBenchOptions } from '../../src/commands/bench-options.js';
import { allPlannedCells, estimateSeconds, planStages } from '../../src/bench/planned.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { computeWorkload } from '../../src/workloads/compute.js';

const manifests = (await loadManifests()).filter((m) => m.name === 'node-fastify' || m.name === 'python-fastapi-tuned');
const parse = (...argv: string[]) =>
  parseBenchOptions(
    parseCommandLine({ name: 'bench', summary: '', flags: benchFlags, run: async () => 0 }, [
      '--workloads',
      'compute',
      ...argv,
    ]),
    manifests,
    '/work',
  );

describe('compute in the plan', () => {
  it(
    'keeps 1 and 4 connections when --levels asks for others (a ' + 'queue of 100 pure-Python requests would time out)',
    () => {
      expect(parse('--levels', '10,100').levels.compute).toEqual([1]);
      expect(parse('--quick').levels.compute).toEqual([1]);
    },
  );

  it('runs one 2 s round per block by default and one 1 s round in --quick; --rounds and --duration win', () => {
    const byDefault = parse();
    expect([byDefault.roundsByWorkload.compute, byDefault.durationByWorkload.compute]).toEqual([1, 2]);
    const quick = parse('--quick');
    expect([quick.roundsByWorkload.compute, quick.durationByWorkload.compute]).toEqual([1, 1]);
    const explicit = parse('--rounds', '2', '--duration', '5s');
    expect([explicit.roundsByWorkload.compute, explicit.durationByWorkload.compute]).toEqual([2, 5]);
    expect(allPlannedCells(explicit).map((c) => c.round)).toContain(2);
  });

  it(
    'puts every implementation of both servers for one operation ' + 'in one block, one block per operation and level',
    () => {
      const options = parse();
      const [stage] = planStages(options);
      expect(stage!.blocks.map((b) => b.id)).toEqual(['compute@1[operation=matmul]', 'compute@1[operation=stats]']);
      for (const block of stage!.blocks) {
        const operation = block.id.match(/operation=(\w+)/)![1]!;
        const expected = manifests.flatMap((m) =>
          computeWorkload
            .parameterSets(false, m)
            .filter((p) => p.operation === operation)
            .map((p) => `${m.name} ${p.implementation}`),
        );
        expect(block.arms.map((a) => `${a.server.name} ${a.parameters.implementation}`).sort()).toEqual(
          expected.sort(),
        );
        expect(new Set(block.arms.map((a) => a.server.name))).toEqual(new Set(manifests.map((m) => m.name)));
        expect(block.arms.every((a) => a.parameters.operation === operation && !a.aa)).toBe(true);
      }
    },
  );

  it('plans 8 cells on the two tuned servers by default and 6 in --quick, within the time budget', () => {
    const byDefault = parse();
    const quick = parse('--quick');
    expect([allPlannedCells(byDefault).length, allPlannedCells(quick).length]).toEqual([8, 6]);
    // The estimate covers the drain: more than duration + a fixed overhead at 4 connections.
    expect(computeWorkload.estimateCellSeconds!(4, 2, 'python')).toBeGreaterThan(
      computeWorkload.estimateCellSeconds!(1, 2, 'python'),
    );
    expect(estimateSeconds(byDefault)).toBeLessThanOrEqual(50);
    expect(estimateSeconds(quick)).toBeLessThanOrEqual(30);
  });
});
