/**
 * The plan of user-by-id, users-unvalidated, the open model and fan-out on the two tuned servers
 * (from their real manifests): their levels, trials and seconds in default and --quick runs, that
 * --levels leaves their fixed levels alone, and that the time estimate they add stays within
 * their budget (about 150 s of a default run and 30 s of a quick one, 40 s with fan-out's warm-up
 * and the open model's one-second warm-up per cell).
 */
import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../src/bench/options.js';
import { estimateSeconds, plannedCells, warmsUp } from '../../src/bench/planned.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { workloadNamed } from '../../src/workloads/index.js';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
const MINE = ['users-unvalidated', 'user-by-id', 'users-open', 'user-by-id-open', 'fanout'];
const plan = (flags: Record<string, string | boolean>, workloads: string[]) =>
  parseBenchOptions({ flags: { servers: tuned.map((m) => m.name).join(','), workloads: workloads.join(','), ...flags }, positionals: [] }, tuned, '/work');

describe('the plan of the by-id, unvalidated, open-model and fan-out workloads', () => {
  it('both tuned servers implement all five', () => {
    for (const manifest of tuned) for (const name of MINE) expect(workloadNamed(name)!.appliesTo(manifest), `${manifest.name} ${name}`).toBe(true);
  });

  it('runs, by default: users-unvalidated 3 trials at 100, user-by-id 2 at 100, the open model once per rate fraction, fan-out twice per K at 20', () => {
    const options = plan({}, ['users', ...MINE]);
    const cells = (name: string): Record<string, string | number>[] => plannedCells(options, tuned[0]!, workloadNamed(name)!).map((c) => ({ connections: c.connections, ...c.parameters, trial: c.trial }));
    expect(cells('users-unvalidated')).toEqual([1, 2, 3].map((trial) => ({ connections: 100, trial })));
    expect(cells('user-by-id')).toEqual([1, 2].map((trial) => ({ connections: 100, trial })));
    expect(cells('users-open')).toEqual([0.5, 0.8].map((rateFraction) => ({ connections: 256, rateFraction, trial: 1 })));
    expect(cells('fanout').map((c) => c.k)).toEqual([1, 1, 10, 10, 50, 50]);
    expect(options.durationByWorkload).toMatchObject({ 'users-open': 4, 'user-by-id-open': 4, fanout: 3 });
  });

  it('runs, with --quick, one 2 s cell each, warming up only fan-out (the users cells just before warmed the rest)', () => {
    const options = plan({ quick: true }, ['users', ...MINE]);
    for (const name of MINE) {
      const workload = workloadNamed(name)!;
      expect(plannedCells(options, tuned[0]!, workload), name).toHaveLength(1);
      expect(options.durationByWorkload[name], name).toBe(2);
      expect(warmsUp(options, workload), name).toBe(name === 'fanout');
    }
    expect(warmsUp(options, workloadNamed('users')!)).toBe(true);
    expect(plannedCells(options, tuned[0]!, workloadNamed('fanout')!)[0]!.parameters).toEqual({ k: 10 });
    expect(plannedCells(options, tuned[0]!, workloadNamed('users-open')!)[0]!.parameters).toEqual({ rateFraction: 0.8 });
    // An explicit --warmup or --duration still applies to them.
    const explicit = plan({ quick: true, warmup: '2s', duration: '3s' }, ['users', ...MINE]);
    expect(warmsUp(explicit, workloadNamed('user-by-id')!)).toBe(true);
    expect(explicit.durationByWorkload['user-by-id']).toBe(3);
  });

  it('keeps fan-out and open-model levels fixed under --levels (they size the client pools)', () => {
    const options = plan({ levels: '10,1000' }, ['users', ...MINE]);
    expect(options.levels).toMatchObject({ users: [10, 1000], 'user-by-id': [10, 1000], 'users-unvalidated': [10, 1000], fanout: [20], 'users-open': [256] });
  });

  it('adds at most about 150 s to the default run and 40 s to --quick, by the estimate', () => {
    const added = (flags: Record<string, string | boolean>) => estimateSeconds(plan(flags, ['users', ...MINE])) - estimateSeconds(plan(flags, ['users']));
    console.log(`[plan] estimated time added: default ${added({}).toFixed(0)} s, quick ${added({ quick: true }).toFixed(0)} s`);
    expect(added({})).toBeLessThanOrEqual(155);
    expect(added({ quick: true })).toBeLessThanOrEqual(40);
  });
});
