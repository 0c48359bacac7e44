/**
 * The plan of the websocket and sse workloads on the two tuned servers (from their real
 * manifests): levels, rounds and seconds in default and --quick runs, no bench warm-up and a
 * newly started server for every cell, and the time estimate they add within their budget
 * (about 90 s of a default run, 20 s of a quick one: one round of 2 s cells, 1 s in a quick run,
 * and a restart before each but a stage's first, so that memory per connection is measured on a
 * fresh process).
 */
import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../src/commands/bench-options.js';
import { allPlannedCells, estimateSeconds, warmsUp } from '../../src/bench/planned.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { workloadNamed } from '../../src/workloads/index.js';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
const MINE = ['websocket', 'sse'];
const plan = (flags: Record<string, string | boolean>, workloads: string[]) =>
  parseBenchOptions(
    {
      flags: { servers: tuned.map((m) => m.name).join(','), workloads: workloads.join(','), ...flags },
      positionals: [],
    },
    tuned,
    '/work',
  );
const cellsOf = (options: ReturnType<typeof plan>, workload: string) =>
  allPlannedCells(options).filter((c) => c.server.name === tuned[0]!.name && c.workload.name === workload);

describe('the plan of the websocket and sse workloads', () => {
  it('both tuned servers implement both, and the seeds neither', async () => {
    for (const manifest of tuned)
      for (const name of MINE) expect(workloadNamed(name)!.appliesTo(manifest), `${manifest.name} ${name}`).toBe(true);
    const seeds = (await loadManifests()).filter((m) => m.variant !== 'tuned');
    for (const manifest of seeds)
      for (const name of MINE) expect(workloadNamed(name)!.appliesTo(manifest), `${manifest.name} ${name}`).toBe(false);
  });

  it(
    'runs, by default, one round at 1,000 and 10,000 connections (websocket, 2 s) and 1,000 and 5,000 clients ' +
      '(sse, 2 s)',
    () => {
      const options = plan({}, ['users', ...MINE]);
      const levels = (name: string) => cellsOf(options, name).map((c) => [c.connections, c.round]);
      expect(levels('websocket')).toEqual([
        [1_000, 1],
        [10_000, 1],
      ]);
      expect(levels('sse')).toEqual([
        [1_000, 1],
        [5_000, 1],
      ]);
      expect(options.durationByWorkload).toMatchObject({ websocket: 2, sse: 2 });
      for (const name of MINE) {
        expect(warmsUp(options, workloadNamed(name)!), name).toBe(false);
        expect(workloadNamed(name)!.freshServer, name).toBe(true);
      }
    },
  );

  it('runs, with --quick, one 1 s cell each at 1,000', () => {
    const options = plan({ quick: true }, ['users', ...MINE]);
    for (const name of MINE) {
      expect(
        cellsOf(options, name).map((c) => [c.connections, c.round]),
        name,
      ).toEqual([[1_000, 1]]);
      expect(options.durationByWorkload[name], name).toBe(1);
    }
  });

  it('--levels sets the websocket levels (connections) but not the sse clients', () => {
    const options = plan({ levels: '1000,5000,10000' }, ['users', ...MINE]);
    expect(options.levels).toMatchObject({ websocket: [1_000, 5_000, 10_000], sse: [1_000, 5_000] });
  });

  it('adds at most about 90 s to the default run and 20 s to --quick, by the estimate', () => {
    const added = (flags: Record<string, string | boolean>) =>
      estimateSeconds(plan(flags, ['users', ...MINE])) - estimateSeconds(plan(flags, ['users']));
    console.log(
      `[plan] websocket + sse estimated: default ${added({}).toFixed(0)} s, quick ` +
        `${added({ quick: true }).toFixed(0)} s`,
    );
    expect(added({})).toBeLessThanOrEqual(95);
    expect(added({ quick: true })).toBeLessThanOrEqual(20);
  });
});
