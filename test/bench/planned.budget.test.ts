/**
 * The plan of user-by-id, users-unvalidated, the open model and fan-out on the two tuned servers
 * (from their real manifests): their blocks, rounds, levels and seconds in default and --quick
 * runs, that --levels leaves their fixed levels alone, and that the time estimate they add stays
 * within their budget: about 230 s of a default run (three interleaved rounds each, the open model
 * at three offered rates) and 25 s of a quick one (one round of 1 s cells in the users stage,
 * fan-out's warm-up and the open model's one-second warm-up per cell).
 */
import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../src/commands/bench-options.js';
import { allPlannedCells, estimateSeconds, planStages, warmsUp } from '../../src/bench/planned.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { workloadNamed } from '../../src/workloads/index.js';

const tuned = (await loadManifests()).filter((m) => m.variant === 'tuned');
const MINE = ['users-unvalidated', 'user-by-id', 'users-open', 'user-by-id-open', 'fanout'];
const plan = (flags: Record<string, string | boolean>, workloads: string[]) =>
  parseBenchOptions(
    {
      flags: { servers: tuned.map((m) => m.name).join(','), workloads: workloads.join(','), ...flags },
      positionals: [],
    },
    tuned,
    '/work',
  );
/** One server's planned cells of one workload, in plan order. */
const cellsOf = (options: ReturnType<typeof plan>, workload: string) =>
  allPlannedCells(options).filter((c) => c.server.name === tuned[0]!.name && c.workload.name === workload);

describe('the plan of the by-id, unvalidated, open-model and fan-out workloads', () => {
  it('both tuned servers implement all five', () => {
    for (const manifest of tuned)
      for (const name of MINE) expect(workloadNamed(name)!.appliesTo(manifest), `${manifest.name} ${name}`).toBe(true);
  });

  it(
    'runs, by default, three rounds of each: users-unvalidated in the users rounds at 100, user-by-id at 100, the ' +
      'open model per offered rate, fan-out per K at 20',
    () => {
      const options = plan({}, ['users', ...MINE]);
      const cells = (name: string): Record<string, string | number>[] =>
        cellsOf(options, name).map((c) => ({
          block: c.block,
          connections: c.connections,
          ...c.parameters,
          round: c.round,
        }));
      const rounds = (base: Record<string, string | number>) => [1, 2, 3].map((round) => ({ ...base, round }));
      expect(cells('users-unvalidated')).toEqual(rounds({ block: 'users@100', connections: 100 }));
      expect(cells('user-by-id')).toEqual(rounds({ block: 'user-by-id@100', connections: 100 }));
      expect(cells('users-open')).toEqual(
        [250, 1000, 4000].flatMap((rate) => rounds({ block: `users-open@${rate}`, connections: rate })),
      );
      expect(cells('user-by-id-open')).toEqual(
        [1000, 4000].flatMap((rate) => rounds({ block: `user-by-id-open@${rate}`, connections: rate })),
      );
      expect(cells('fanout').map((c) => [c.block, c.k])).toEqual(
        [1, 10, 50].flatMap((k) => [1, 2, 3].map(() => [`fanout@20[k=${k}]`, k])),
      );
      expect(options.durationByWorkload).toMatchObject({ 'users-open': 2, 'user-by-id-open': 2, fanout: 2 });
    },
  );

  it('joins users-unvalidated to the users stage, at 100 connections only, beside both servers and the A/A arm', () => {
    const options = plan({}, ['users', ...MINE]);
    const stages = planStages(options);
    expect(stages.map((s) => s.lead.name)).not.toContain('users-unvalidated');
    const users = stages.find((s) => s.lead.name === 'users')!;
    expect(users.workloads.map((w) => w.name)).toEqual(['users', 'users-unvalidated']);
    for (const block of users.blocks) {
      const unvalidated = block.arms.filter((a) => a.workload.name === 'users-unvalidated').map((a) => a.server.name);
      expect(unvalidated, block.id).toEqual(block.level === 100 ? tuned.map((m) => m.name) : []);
    }
    // Without users in the run, users-unvalidated is a stage of its own.
    const alone = planStages(plan({}, ['users-unvalidated']));
    expect(alone.map((s) => [s.lead.name, s.blocks.map((b) => b.id)])).toEqual([
      ['users-unvalidated', ['users-unvalidated@100']],
    ]);
  });

  it(
    'runs, with --quick, one round of one 1 s cell each, warming up only fan-out (the users warm-up of the same ' +
      'stage warmed the rest)',
    () => {
      const options = plan({ quick: true }, ['users', ...MINE]);
      for (const name of MINE) {
        const workload = workloadNamed(name)!;
        expect(
          cellsOf(options, name).map((c) => c.round),
          name,
        ).toEqual([1]);
        expect(options.durationByWorkload[name], name).toBe(1);
        expect(warmsUp(options, workload), name).toBe(name === 'fanout');
      }
      expect(warmsUp(options, workloadNamed('users')!)).toBe(true);
      expect(cellsOf(options, 'fanout')[0]!.parameters).toEqual({ k: 10 });
      expect(cellsOf(options, 'users-open')[0]!).toMatchObject({ connections: 1000, parameters: {} });
      // An explicit --warmup or --duration still applies to them.
      const explicit = plan({ quick: true, warmup: '2s', duration: '3s' }, ['users', ...MINE]);
      expect(warmsUp(explicit, workloadNamed('user-by-id')!)).toBe(true);
      expect(explicit.durationByWorkload['user-by-id']).toBe(3);
    },
  );

  it(
    'measures them all, with --quick, in the users stage: its servers start once, and each workload keeps its ' +
      'blocks',
    () => {
      const stages = planStages(plan({ quick: true }, ['users', ...MINE]));
      expect(stages.map((s) => s.lead.name)).toEqual(['users']);
      expect(stages[0]!.workloads.map((w) => w.name)).toEqual(['users', ...MINE]);
      // Blocks are named after their first workload; the open model's rates pair its two workloads.
      expect(stages[0]!.blocks.map((b) => [b.id, b.arms.map((a) => a.workload.name)])).toEqual([
        ['fanout@20[k=10]', ['fanout', 'fanout']],
        ['users@100', ['users', 'users', 'users-unvalidated', 'users-unvalidated', 'user-by-id', 'user-by-id']],
        ['users-open@1000', ['users-open', 'users-open', 'user-by-id-open', 'user-by-id-open']],
      ]);
      // A default run keeps a stage per workload but users-unvalidated.
      expect(planStages(plan({}, ['users', ...MINE])).map((s) => s.lead.name)).toEqual([
        'users',
        'user-by-id',
        'users-open',
        'user-by-id-open',
        'fanout',
      ]);
    },
  );

  it(
    "keeps fan-out and open-model levels fixed under --levels (fan-out sizes its client pool; the open model's " +
      'levels are offered rates)',
    () => {
      const options = plan({ levels: '10,1000' }, ['users', ...MINE]);
      expect(options.levels).toMatchObject({
        users: [10, 1000],
        'user-by-id': [10, 1000],
        'users-unvalidated': [10, 1000],
        fanout: [20],
        'users-open': [250, 1000, 4000],
        'user-by-id-open': [1000, 4000],
      });
    },
  );

  it('adds at most about 230 s to the default run and 25 s to --quick, by the estimate', () => {
    const added = (flags: Record<string, string | boolean>) =>
      estimateSeconds(plan(flags, ['users', ...MINE])) - estimateSeconds(plan(flags, ['users']));
    console.log(
      `[plan] estimated time added: default ${added({}).toFixed(0)} s, quick ${added({ quick: true }).toFixed(0)} s`,
    );
    expect(added({})).toBeLessThanOrEqual(230);
    expect(added({ quick: true })).toBeLessThanOrEqual(25);
  });
});
