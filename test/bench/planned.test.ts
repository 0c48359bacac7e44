/**
 * The plan as stages, blocks and arms (src/bench/planned.ts), on the real manifests: where the A/A
 * arm goes, what a block's cells are, and that the time estimate costs exactly the cells the
 * runner will run.
 */
import { describe, expect, it } from 'vitest';
import { AA_SERVER, parseBenchOptions } from '../../src/bench/options.js';
import { allPlannedCells, blockCells, CELL_OVERHEAD_SECONDS, countsQueries, estimateSeconds, mostCells, planStages, primes } from '../../src/bench/planned.js';
import { MAX_CELLS } from '../../src/results/limits.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { WORKLOADS } from '../../src/workloads/index.js';

const manifests = await loadManifests();
const plan = (flags: Record<string, string | boolean> = {}) => parseBenchOptions({ flags: { seed: '7', ...flags }, positionals: [] }, manifests, '/work');

describe('planStages', () => {
  it('puts the A/A arm once in every users block, beside the same server\'s ordinary arm, and in no other workload', () => {
    const options = plan();
    const stages = planStages(options);
    const users = stages.find((s) => s.lead.name === 'users')!;
    expect(users.blocks.map((b) => b.id)).toEqual(['users@10', 'users@100', 'users@1000']);
    for (const block of users.blocks) {
      const aa = block.arms.filter((a) => a.aa);
      expect(aa, block.id).toHaveLength(1);
      expect(aa[0]).toMatchObject({ server: { name: AA_SERVER }, workload: { name: 'users' } });
      expect(block.arms.filter((a) => !a.aa && a.server.name === AA_SERVER && a.workload.name === 'users'), block.id).toHaveLength(1);
    }
    for (const stage of stages.filter((s) => s !== users)) for (const block of stage.blocks) expect(block.arms.some((a) => a.aa), block.id).toBe(false);
  });

  it('starts every server a stage\'s workloads apply to, and each stage once', () => {
    const stages = planStages(plan());
    const leads = stages.map((s) => s.lead.name);
    expect(new Set(leads).size).toBe(leads.length);
    expect(stages.find((s) => s.lead.name === 'users')!.servers.map((s) => s.name)).toEqual(manifests.map((m) => m.name));
    for (const stage of stages) for (const block of stage.blocks) for (const arm of block.arms) expect(stage.servers).toContain(arm.server);
  });

  it('plans no A/A arm without users in the run', () => {
    const options = plan({ workloads: 'user-by-id,fanout' });
    expect(options.aa).toBeNull();
    expect(allPlannedCells(options).some((c) => c.aa)).toBe(false);
  });
});

describe('blockCells', () => {
  it('lists every arm once per round, round by round, numbered in arm order until the run draws the order', () => {
    const block = planStages(plan()).find((s) => s.lead.name === 'users')!.blocks.find((b) => b.id === 'users@100')!;
    const cells = blockCells(block);
    expect(cells).toHaveLength(block.arms.length * block.rounds);
    for (let round = 1; round <= block.rounds; round += 1) {
      const inRound = cells.filter((c) => c.round === round);
      expect(inRound.map((c) => c.position)).toEqual(block.arms.map((_, i) => i + 1));
      expect(inRound.every((c) => c.block === 'users@100' && c.connections === 100)).toBe(true);
      expect(inRound.filter((c) => c.aa)).toHaveLength(1);
    }
    // Extra rounds of some arms only (a look): rounds 4 to 5 of the first two arms.
    const extra = blockCells(block, { from: 4, to: 5 }, block.arms.slice(0, 2));
    expect(extra.map((c) => [c.round, c.position])).toEqual([[4, 1], [4, 2], [5, 1], [5, 2]]);
  });
});

describe('estimateSeconds', () => {
  it('costs exactly the cells allPlannedCells lists: each more round adds its cells at duration plus at most the overhead', () => {
    const at = (rounds: number) => plan({ workloads: 'users,user-by-id,fanout', rounds: String(rounds), warmup: '0s', duration: '2s' });
    const steps = [3, 4, 5].map((r) => ({ seconds: estimateSeconds(at(r + 1)) - estimateSeconds(at(r)), cells: allPlannedCells(at(r + 1)).length - allPlannedCells(at(r)).length }));
    expect(steps[0]!.cells).toBeGreaterThan(0);
    // Linear in the rounds: every later round costs the same.
    for (const step of steps.slice(1)) {
      expect(step.cells).toBe(steps[0]!.cells);
      expect(step.seconds).toBeCloseTo(steps[0]!.seconds, 9);
    }
    const perCell = steps[0]!.seconds / steps[0]!.cells;
    expect(perCell).toBeGreaterThanOrEqual(2);
    expect(perCell).toBeLessThanOrEqual(2 + CELL_OVERHEAD_SECONDS);
  });

  it('counts the A/A arm: without it the estimate falls by the cost of exactly its cells', () => {
    const options = plan({ workloads: 'users', warmup: '0s', duration: '2s' });
    const without = { ...options, aa: null };
    const cells = allPlannedCells(options).length - allPlannedCells(without).length;
    expect(cells).toBe(3 * 3); // one A/A cell per level (10, 100, 1,000) and round
    const seconds = estimateSeconds(options) - estimateSeconds(without);
    expect(seconds / cells).toBeGreaterThanOrEqual(2);
    expect(seconds / cells).toBeLessThanOrEqual(2 + CELL_OVERHEAD_SECONDS);
  });
});

describe('the --quick plan', () => {
  const quick = plan({ quick: true });

  it('runs every workload once per cell, at one level, on every server it applies to, without an A/A arm', () => {
    const cells = allPlannedCells(quick);
    expect(quick.aa).toBeNull();
    expect(cells.every((c) => c.round === 1 && !c.aa)).toBe(true);
    for (const workload of WORKLOADS) {
      const own = cells.filter((c) => c.workload.name === workload.name);
      expect(new Set(own.map((c) => c.connections)).size, workload.name).toBe(1);
      expect(new Set(own.map((c) => c.server.name)), workload.name).toEqual(new Set(manifests.filter((m) => workload.appliesTo(m)).map((m) => m.name)));
    }
    expect(cells.filter((c) => c.workload.name === 'users').map((c) => c.server.name).sort()).toEqual(manifests.map((m) => m.name).sort());
  });

  it('starts the long-running servers once: every workload but the fresh-server ones runs in the users stage', () => {
    const stages = planStages(quick);
    expect(stages.map((s) => s.lead.name)).toEqual(['users', 'websocket', 'sse']);
    expect(stages[0]!.servers.map((s) => s.name)).toEqual(manifests.map((m) => m.name));
  });

  it('skips the primer and the query count, which an indicative run does not need', () => {
    expect(primes(quick)).toBe(false);
    expect(allPlannedCells(quick).some((c) => countsQueries(quick, c))).toBe(false);
    expect(primes(plan())).toBe(true);
    expect(allPlannedCells(plan()).filter((c) => countsQueries(plan(), c)).every((c) => c.round === 1 && !c.aa && c.workload.countsQueries)).toBe(true);
  });

  it('is estimated well under the 90 s the whole command may take', () => {
    const seconds = estimateSeconds(quick);
    console.log(`[plan] --quick estimated at ${seconds.toFixed(0)} s`);
    // The estimate runs ahead of the clock (73 s estimated, 68-69 s measured for five servers):
    // 85 leaves the 90 s limit its margin with the two reference servers in the users block.
    expect(seconds).toBeLessThanOrEqual(85);
  });
});

describe('estimateSeconds for fresh-server cells', () => {
  it('counts a restart for every fresh-server cell but the first of each server in its stage', () => {
    // websocket at 1,000 and 10,000 connections: the second cell of each server restarts it.
    const base = plan({ workloads: 'websocket', servers: 'node-fastify', duration: '2s' });
    const one = { ...base, levels: { websocket: [1_000] } };
    const cell = (connections: number) => base.workloads[0]!.estimateCellSeconds!(connections, 2, 'node');
    expect(estimateSeconds(base) - estimateSeconds(one)).toBeCloseTo(cell(10_000) + 1, 9);
  });
});

describe('mostCells', () => {
  it('counts the planned cells, plus what the extra-round budget can add, and nothing more without a budget', () => {
    const noBudget = plan({ budget: '0' });
    expect(mostCells(noBudget)).toBe(allPlannedCells(noBudget).length);
    const withBudget = plan({ budget: '60s' });
    const widest = Math.max(...planStages(withBudget).flatMap((s) => s.blocks.map((b) => b.arms.length)));
    expect(mostCells(withBudget)).toBe(allPlannedCells(withBudget).length + Math.ceil(60 / withBudget.durationSeconds) + widest);
  });

  it('keeps the default run well inside what a results file may hold, and finds a plan that is not', () => {
    expect(mostCells(plan())).toBeLessThan(MAX_CELLS / 4);
    expect(mostCells(plan({ rounds: '100' }))).toBeGreaterThan(MAX_CELLS);
  });
});
