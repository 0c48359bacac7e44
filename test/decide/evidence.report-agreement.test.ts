/**
 * `verdict report` and `verdict decide` judge the guide's claims with one engine: on the same
 * results file, every claim decide cites has the report's verdict, sentence, figures and
 * intervals. Checked through both commands on three files: a full default run, a --quick run
 * (both real, from `verdict bench` on a 2-core machine) and a hand-built run near a threshold.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { readResultsSync } from '../../src/results/store.js';
import type { Results } from '../../src/results/schema.js';
import { captureOutput } from '../support/capture.js';
import { cell, results } from './results-fixture.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const folder = mkdtempSync(join(tmpdir(), 'verdict-decide-agreement-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * Node.js 1.12x Python at 1,000 connections in every round, while the rounds drift together by
 * ±10%: the paired interval clears the 1.10x "win" line, though the slowest Node.js trial is
 * slower than the fastest Python one (a min-max range would call it undecided).
 */
function nearThreshold(): string {
  const cells = [
    [1.0, 1.12],
    [1.1, 1.125],
    [0.9, 1.118],
  ].flatMap(([drift, ratio], i) => [
    cell({
      server: 'node-fastify',
      runtime: 'node',
      variant: 'tuned',
      connections: 1000,
      rps: 1000 * drift! * ratio!,
      p99: 400,
      rssMb: 120,
      round: i + 1,
    }),
    cell({
      server: 'python-fastapi-tuned',
      runtime: 'python',
      variant: 'tuned',
      connections: 1000,
      rps: 1000 * drift!,
      p99: 500,
      rssMb: 140,
      round: i + 1,
    }),
    cell({
      server: 'node-fastify',
      runtime: 'node',
      variant: 'tuned',
      connections: 10,
      rps: 3000 * drift!,
      p99: 5,
      rssMb: 80,
      round: i + 1,
    }),
    cell({
      server: 'python-fastapi-tuned',
      runtime: 'python',
      variant: 'tuned',
      connections: 10,
      rps: 2000 * drift!,
      p99: 8,
      rssMb: 60,
      round: i + 1,
    }),
  ]);
  const file = join(folder, 'near-threshold.json');
  writeFileSync(file, JSON.stringify(results(cells)));
  return file;
}

async function run(args: string[]): Promise<string> {
  const output = captureOutput({ cwd: folder });
  const code = await main(args, output);
  const { stdout, stderr } = output.text();
  expect(code, stderr).toBe(0);
  return stdout;
}

/** Profiles that between them fire every rule that rests on a claim. */
const PROFILES = [
  ['--touches', 'realtime,high-concurrency,background-jobs', '--peak-connections', '20000'],
  ['--touches', 'rest-api', '--python', 'strong', '--javascript', 'some'],
  ['--touches', 'rest-api,data-science', '--javascript', 'strong'],
];

const FILES: [string, () => string][] = [
  ['a full default run', () => join(fixtures, 'full-run.json')],
  ['a --quick run', () => join(fixtures, 'quick-run.json')],
  ['a hand-built run near a threshold', nearThreshold],
];

describe("report and decide agree on the guide's claims", () => {
  it.each(FILES)('on %s', async (_name, make) => {
    const file = make();
    const report = JSON.parse(await run(['report', file, '--format', 'json', '--out', '-'])) as {
      claims: { id: string }[];
      indicative: string | null;
    };
    const cited = new Map<string, unknown>();
    for (const profile of PROFILES) {
      const decision = JSON.parse(await run(['decide', ...profile, '--results', file, '--json']));
      expect(decision.evidence.used).toBe(true);
      expect(decision.evidence.indicative).toBe(report.indicative);
      for (const c of decision.evidence.claims) cited.set(c.claim.id, c.claim);
    }
    // Every claim a rule rests on was cited by one of the profiles, each exactly as the report has it.
    expect([...cited.keys()].sort()).toEqual([
      'fastapi-competitive',
      'high-end-node-wins',
      'native-advantage-sse',
      'native-advantage-websocket',
      'normal-traffic-gap',
      'numpy-wins-cpu',
      'tens-of-thousands-low-memory',
      'thousands-of-connections',
    ]);
    for (const [id, claim] of cited) expect(claim, id).toEqual(report.claims.find((c) => c.id === id));
  });

  it(
    'the files are what they say: a completed full run, a ' + 'completed quick run, and a claim decided near its line',
    async () => {
      const full: Results = readResultsSync(join(fixtures, 'full-run.json'));
      const quick: Results = readResultsSync(join(fixtures, 'quick-run.json'));
      expect([full.status, full.plan.quick, quick.status, quick.plan.quick]).toEqual([
        'completed',
        false,
        'completed',
        true,
      ]);
      const decision = JSON.parse(
        await run(['decide', '--touches', 'high-concurrency', '--results', nearThreshold(), '--json']),
      );
      const claim = decision.evidence.claims.find(
        (c: { claim: { id: string } }) => c.claim.id === 'high-end-node-wins',
      ).claim;
      expect(claim.verdict).toBe('supported');
      expect(claim.because).toMatch(/^node-fastify vs python-fastapi-tuned: 1\.12x \[1\.1\dx, 1\.1\dx\] 95%, 3 rounds/);
    },
  );
});
