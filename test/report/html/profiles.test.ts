/**
 * Where the report shows the profiles of a `--profile` run: a section with a flame graph and a
 * top-ten table per recorded server, "profiling not permitted here: ..." where the system refused,
 * nothing at all in a run without --profile; and what `--profile` accepts.
 */
import { describe, expect, it } from 'vitest';
import { benchParser, fakeManifest } from '../../support/bench-options.js';
import { UsageError } from '../../../src/core/errors.js';
import { estimateSeconds } from '../../../src/bench/planned.js';
import { profileConnections, profilesFolderFor } from '../../../src/profile/plan.js';
import { buildFlameTree, topFunctions } from '../../../src/profile/tree.js';
import { renderHtmlReport, reportSections } from '../../../src/report/html/page.js';
import { buildReport } from '../../../src/report/report-model.js';
import type { ServerProfile } from '../../../src/results/profile-schema.js';
import { resultsSchema, type Results } from '../../../src/results/schema.js';
import { buildResults, steady } from '../../support/results-builder.js';

const stacks = [
  {
    frames: [
      { name: 'handler', location: 'dist/server.js:3', category: 'app' as const },
      { name: 'writev', location: '', category: 'native' as const },
    ],
    count: 70,
  },
  { frames: [{ name: 'handler', location: 'dist/server.js:3', category: 'app' as const }], count: 30 },
];

const recorded: ServerProfile = {
  server: 'node-fastify',
  runtime: 'node',
  variant: 'tuned',
  status: 'recorded',
  reason: null,
  tool: 'V8 CPU profiler',
  file: 'bench-test.profiles/node-fastify.cpuprofile',
  workload: 'users',
  connections: 100,
  startedAt: '2026-11-20T10:04:00.000Z',
  durationSeconds: 5,
  requestsPerSecond: 4000,
  samples: 100,
  topSelf: topFunctions(stacks),
  flame: buildFlameTree(stacks),
};
const refused: ServerProfile = {
  ...recorded,
  server: 'python-fastapi-tuned',
  runtime: 'python',
  status: 'not-permitted',
  reason: 'py-spy could not attach to pid 42: Permission Denied (kernel.yama.ptrace_scope is 1)',
  file: null,
  requestsPerSecond: null,
  samples: 0,
  topSelf: [],
  flame: null,
};

function profiled(): Results {
  const results = buildResults([
    ...steady({ server: 'node-fastify', connections: 100 }, 5000),
    ...steady({ server: 'python-fastapi-tuned', connections: 100 }, 3000),
  ]);
  return resultsSchema.parse({
    ...results,
    profiles: {
      folder: 'bench-test.profiles',
      method: 'One extra users trial per server.',
      servers: [recorded, refused],
    },
  });
}

describe('the profiles in the HTML report', () => {
  it('has a section after the charts with a flame graph and the top ten of each recorded server', () => {
    const report = buildReport(profiled());
    const ids = reportSections(report).map((s) => s.id);
    expect(ids.indexOf('profiles')).toBe(ids.indexOf('compute') + 1);
    const html = renderHtmlReport(report);
    expect(html).toContain('<section id="profiles"><h2>Where the CPU time goes</h2>');
    expect(html).toContain('<svg class="flame" id="flame-node-fastify" data-frames="2" data-samples="100"');
    expect(html).toMatch(
      new RegExp(
        String.raw`<table class="data top-self">.*<td>writev<\/td><td>–<\/td><td class="num">70\.0%<\/td><td ` +
          String.raw`class="num">70\.0%<\/td>.*<td>handler<\/td><td>dist\/server\.js:3<\/td><td ` +
          String.raw`class="num">30\.0%<\/td><td class="num">100\.0%<\/td>`,
      ),
    );
    expect(html).toContain('bench-test.profiles/node-fastify.cpuprofile');
    expect(html).toContain('4,000 req/s under the profiler');
  });

  it('says where the system forbids profiling, with the reason', () => {
    const html = renderHtmlReport(buildReport(profiled()));
    expect(html).toContain('<div class="profile" data-server="python-fastapi-tuned" data-status="not-permitted">');
    expect(html).toContain(
      '<p class="profile-missing">profiling not permitted here: py-spy could not attach to pid 42: Permission ' +
        'Denied (kernel.yama.ptrace_scope is 1)</p>',
    );
    expect(html).not.toContain('id="flame-python-fastapi-tuned"');
  });

  it('has no profiles section in a run without --profile', () => {
    const plain = buildResults(steady({ server: 'node-fastify', connections: 100 }, 5000));
    expect(reportSections(buildReport(plain)).map((s) => s.id)).not.toContain('profiles');
    expect(renderHtmlReport(buildReport(plain))).not.toContain('class="flame"');
  });
});

const manifests = [
  fakeManifest('node-express-seed', 'node', 'seed'),
  fakeManifest('node-fastify', 'node', 'tuned'),
  fakeManifest('python-asgi-raw', 'python', 'reference'),
];
const parse = benchParser(manifests);

describe('bench --profile', () => {
  it('is off by default and adds its trials to the estimate when on', () => {
    expect(parse().profile).toBe(false);
    const on = parse('--profile', '--workloads', 'users');
    expect(on.profile).toBe(true);
    // Two profiled servers (tuned and reference), 5 s each and the overheads.
    expect(estimateSeconds(on) - estimateSeconds(parse('--workloads', 'users'))).toBe(14);
  });

  it('refuses runs it cannot profile, naming the flag and the fix', () => {
    const problem = (...argv: string[]) => {
      try {
        parse(...argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return `${(error as UsageError).message} | ${(error as UsageError).fix}`;
      }
      return 'accepted';
    };
    expect(problem('--profile', '--workloads', 'compute')).toMatch(
      /^--profile profiles the users workload.*\| add users to --workloads/,
    );
    expect(problem('--profile', '--servers', 'node-express-seed')).toMatch(
      /^--profile profiles the tuned and reference servers, and --servers has none/,
    );
    expect(problem('--profile', '--workers', '2')).toMatch(
      /^--profile records one process per server, and --workers 2 runs 2 \| profile with --workers 1/,
    );
  });

  it('profiles at 100 connections, or the users level nearest to it, beside the results file', () => {
    expect(profileConnections([10, 100, 1000])).toBe(100);
    expect(profileConnections([10, 1000])).toBe(10);
    expect(profileConnections([250, 1000])).toBe(250);
    expect(profileConnections([])).toBe(100);
    expect(profilesFolderFor('/r/bench-1.json')).toBe('/r/bench-1.profiles');
    expect(profilesFolderFor('/r/run')).toBe('/r/run.profiles');
  });
});
