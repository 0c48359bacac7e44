/**
 * `verdict export k6`: the command's errors, what it writes, that the scripts type-check against
 * @types/k6 with the project's own TypeScript compiler, and that every TestRun validates against
 * the TestRun CRD's schema from k6-operator (test/fixtures/k6-operator/testrun-crd.yaml).
 *
 * The last test runs one exported script with a real k6 against a real server and reads k6's JSON
 * output. It runs only where a `k6` binary is on PATH: k6 is AGPL-licensed, verdict neither ships
 * nor installs it, and this project's machines do not have it.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ajv, type AnySchema } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { DEFAULT_ROWS } from '../../src/database/seed.js';
import { DEFAULT_EXPORT_SECONDS } from '../../src/k6/export/options.js';
import { K6_CELL_TAGS } from '../../src/k6/tags.js';
import { RATE_TOLERANCE } from '../../src/load/open-model.js';
import { loadManifests } from '../../src/servers/manifest.js';
import { spawnGroup } from '../../src/util/process-group.js';
import { projectRoot } from '../../src/util/paths.js';
import { which } from '../../src/util/system.js';
import { WORKLOADS, workloadNamed } from '../../src/workloads/index.js';
import { captureOutput } from '../support/capture.js';
import { startTestDatabase } from '../support/database.js';
import { startServerUnderTest } from '../support/servers.js';

const root = mkdtempSync(join(tmpdir(), 'verdict-k6-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const newFolder = () => join(root, `export-${(folders += 1)}`);

interface Summary {
  out: string;
  parallelism: number;
  scripts: {
    workload: string;
    file: string;
    model: string;
    levelLabel: string;
    levels: number[];
    durationSeconds: number;
    testRun: { name: string; file: string };
  }[];
  notExported: { workload: string; reason: string }[];
  files: string[];
}

async function exportTo(folder: string, ...flags: string[]): Promise<Summary> {
  const out = captureOutput({ cwd: root });
  const code = await main(['export', 'k6', '--out', folder, '--json', ...flags], out);
  expect(code, out.text().stderr).toBe(0);
  return JSON.parse(out.text().stdout) as Summary;
}

const readText = (folder: string, path: string) => readFileSync(join(folder, path), 'utf8');

describe('verdict export k6: usage', () => {
  const occupied = newFolder();
  mkdirSync(occupied, { recursive: true });
  writeFileSync(join(occupied, 'notes.txt'), 'mine');

  it.each([
    [['export', 'k6'], "verdict: 'verdict export k6' needs --out DIR"],
    [['export', 'locust', '--out', 'x'], "verdict: unknown format 'locust' for 'verdict export'; choose from k6"],
    [['export'], "verdict: 'verdict export' needs <format>"],
    [['export', 'k6', '--out', 'x', '--target', 'ftp://host'], 'verdict: --target must be an http:// or https:// URL'],
    [
      ['export', 'k6', '--out', 'x', '--parallelism', '0'],
      'verdict: --parallelism must be a whole number from 1 to 1000',
    ],
    [
      ['export', 'k6', '--out', 'x', '--server', 'node-fastify', '--runtime', 'python'],
      "verdict: --runtime python contradicts node-fastify's manifest (node)",
    ],
    [
      ['export', 'k6', '--out', 'x', '--workloads', 'sse,fanout'],
      'verdict: none of the workloads chosen has a k6 script (fanout: ',
    ],
    [
      ['export', 'k6', '--out', occupied],
      `verdict: --out ${occupied} is not empty (1 entry); name a new or empty folder, or add --force`,
    ],
  ])('%j fails with exit code 2 and one line, writing nothing', async (argv, message) => {
    const out = captureOutput({ cwd: root });
    expect(await main(argv, out)).toBe(2);
    expect(out.text().stdout).toBe('');
    expect(out.text().stderr).toContain(message);
    expect(out.text().stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(occupied)).toEqual(['notes.txt']);
  });

  it('writes into a non-empty folder with --force, leaving the other files', async () => {
    await exportTo(occupied, '--force', '--workloads', 'users');
    expect(readText(occupied, 'notes.txt')).toBe('mine');
    expect(readdirSync(join(occupied, 'scripts'))).toEqual(['users.ts']);
  });

  it('--help names the options', async () => {
    const out = captureOutput();
    expect(await main(['export', '--help'], out)).toBe(0);
    for (const flag of [
      '--out',
      '--target',
      '--base-url',
      '--server',
      '--parallelism',
      '--levels',
      '--rates',
      '--duration',
      '--force',
      '--json',
    ])
      expect(out.text().stdout).toContain(flag);
  });
});

describe('verdict export k6: what it writes', () => {
  const folder = newFolder();
  let summary: Summary;

  it("writes one script per HTTP workload at verdict's own levels, and says why the others are not", async () => {
    summary = await exportTo(folder);
    const exported = summary.scripts.map((s) => s.workload);
    expect(exported).toEqual([
      'users',
      'users-unvalidated',
      'user-by-id',
      'users-open',
      'user-by-id-open',
      'websocket',
    ]);
    for (const script of summary.scripts) {
      // The plan's own levels, read from the workload, and its label.
      const workload = workloadNamed(script.workload)!;
      expect(script.levels, script.workload).toEqual(workload.levels.default);
      expect(script.levelLabel).toBe(workload.levelLabel);
      expect(script.durationSeconds).toBe(DEFAULT_EXPORT_SECONDS);
      expect(readdirSync(join(folder, 'scripts'))).toContain(script.file.replace('scripts/', ''));
    }
    expect(summary.scripts.find((s) => s.workload === 'users')!.model).toBe('closed-http');
    expect(summary.scripts.find((s) => s.workload === 'users-open')!.model).toBe('open-http');
    // Every workload is either exported or listed with its reason.
    expect([...exported, ...summary.notExported.map((n) => n.workload)].sort()).toEqual(
      WORKLOADS.map((w) => w.name).sort(),
    );
    const sse = summary.notExported.find((n) => n.workload === 'sse')!;
    expect(sse.reason).toMatch(/SSE extension \(xk6-sse/);
    expect(summary.parallelism).toBe(4);
    expect(summary.files.sort()).toEqual(readdirRecursive(folder).sort());
  });

  it('maps each level to its k6 executor, tags and thresholds', () => {
    const users = readText(folder, 'scripts/users.ts');
    for (const level of workloadNamed('users')!.levels.default) {
      expect(users).toContain(
        `level_${level}: { executor: 'constant-vus', vus: ${level}, duration: '${DEFAULT_EXPORT_SECONDS}s'`,
      );
      expect(users).toContain(`tags: tagsAt('${level}'), env: { LEVEL: '${level}' }`);
      expect(users).toContain(`'http_req_failed{level:${level}}': ['rate<=0.01']`);
    }
    expect(users).toContain('const tags: Record<string, string> = { workload: WORKLOAD, level, server: SERVER };');
    for (const tag of K6_CELL_TAGS) expect(users).toMatch(new RegExp(`\\b${tag}\\b[:,]`));
    const open = readText(folder, 'scripts/users-open.ts');
    for (const rate of workloadNamed('users-open')!.levels.default) {
      expect(open).toContain(`level_${rate}: { executor: 'constant-arrival-rate', rate: ${rate}, timeUnit: '1s'`);
      // verdict's rate tolerance of the schedule may be dropped.
      expect(open).toContain(
        `'dropped_iterations{level:${rate}}': ['count<=${Math.floor(rate * DEFAULT_EXPORT_SECONDS * RATE_TOLERANCE)}']`,
      );
    }
    const byId = readText(folder, 'scripts/user-by-id.ts');
    expect(byId).toContain(`const ROWS = Number(__ENV.ROWS || '${DEFAULT_ROWS}');`);
    expect(byId).toContain("name: 'GET /api/users/{id}'");
    const ws = readText(folder, 'scripts/websocket.ts');
    expect(ws).toContain("import { WebSocket } from 'k6/websockets';");
    expect(ws).toContain("executor: 'per-vu-iterations', vus: 10000, iterations: 1");
    // Without --target and --server the scripts read both from their environment, and say so when missing.
    expect(users).toContain("setting('BASE_URL', null, '--target URL')");
    expect(users).toContain("setting('SERVER', null, '--server NAME')");
  });

  it(
    '--levels sets connections and --rates sets rates, as ' + 'verdict bench; --target and --server are written in',
    async () => {
      const other = newFolder();
      const custom = await exportTo(
        other,
        '--levels',
        '5,50',
        '--rates',
        '100',
        '--duration',
        '5s',
        '--target',
        'http://api.internal:3000/',
        '--server',
        'python-fastapi-tuned',
        '--parallelism',
        '8',
        '--image',
        'grafana/k6:1.4.0',
      );
      const levels = Object.fromEntries(custom.scripts.map((s) => [s.workload, s.levels]));
      expect(levels).toEqual({
        users: [5, 50],
        'users-unvalidated': [5, 50],
        'user-by-id': [5, 50],
        'users-open': [100],
        'user-by-id-open': [100],
        websocket: [5, 50],
      });
      const users = readText(other, 'scripts/users.ts');
      expect(users).toContain("setting('BASE_URL', 'http://api.internal:3000', '--target URL')");
      expect(users).toContain("setting('SERVER', 'python-fastapi-tuned', '--server NAME')");
      // The manifest says the runtime: the scripts tag it.
      expect(users).toContain("const RUNTIME = __ENV.RUNTIME || 'python';");
      const run = parseYaml(readText(other, 'k8s/testrun-users.yaml')) as TestRunDoc;
      expect(run.spec.parallelism).toBe(8);
      // A pinned image tags the samples with its version, for the imported file.
      expect(run.spec.arguments).toBe('--out json=/results/$(K6_RUNNER_POD).json --tag k6_version=1.4.0');
      expect(run.spec.runner.env).toContainEqual({ name: 'BASE_URL', value: 'http://api.internal:3000' });
      expect(run.spec.runner.env).toContainEqual({ name: 'SERVER', value: 'python-fastapi-tuned' });
    },
  );

  it('type-checks every script against @types/k6 with the project TypeScript compiler', () => {
    const result = typeCheck(folder);
    expect(result.status, result.output).toBe(0);
    // The same check must catch a misspelt executor option: the scripts are really checked.
    const broken = newFolder();
    mkdirSync(join(broken, 'scripts'), { recursive: true });
    writeFileSync(
      join(broken, 'scripts', 'users.ts'),
      readText(folder, 'scripts/users.ts').replace("executor: 'constant-vus', vus:", "executor: 'constant-vus', vuz:"),
    );
    const failed = typeCheck(broken);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain("'vuz' does not exist in type 'ConstantVUsScenario'");
  });

  it(
    'writes TestRuns that validate against the TestRun CRD schema, ' + 'one per script, reading it from the ConfigMap',
    () => {
      const validate = testRunValidator();
      const configMap = parseYaml(readText(folder, 'k8s/configmap.yaml')) as {
        kind: string;
        metadata: { name: string };
        data: Record<string, string>;
      };
      expect(configMap.kind).toBe('ConfigMap');
      for (const script of summary.scripts) {
        const run = parseYaml(readText(folder, script.testRun.file)) as TestRunDoc;
        expect(validate(run), JSON.stringify(validate.errors)).toBe(true);
        expect(run.apiVersion).toBe('k6.io/v1alpha1');
        expect(run.kind).toBe('TestRun');
        expect(run.metadata.name).toBe(script.testRun.name);
        expect(run.spec.parallelism).toBe(4);
        const file = script.file.replace('scripts/', '');
        expect(run.spec.script).toEqual({ configMap: { name: configMap.metadata.name, file } });
        // The ConfigMap carries exactly the script written beside it.
        expect(configMap.data[file]).toBe(readText(folder, script.file));
        // Each runner writes k6's JSON output under its own pod name, on the mounted claim.
        expect(run.spec.arguments).toBe('--out json=/results/$(K6_RUNNER_POD).json');
        expect(run.spec.runner.env).toContainEqual({
          name: 'K6_RUNNER_POD',
          valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
        });
        expect(run.spec.runner.volumeMounts).toEqual([{ name: 'results', mountPath: '/results' }]);
        const claim = parseYaml(readText(folder, 'k8s/results-pvc.yaml')) as { metadata: { name: string } };
        expect(run.spec.runner.volumes).toEqual([
          { name: 'results', persistentVolumeClaim: { claimName: claim.metadata.name } },
        ]);
      }
      // The validator rejects what the CRD does not have (kubectl's strict field validation would).
      const typo = parseYaml(readText(folder, 'k8s/testrun-users.yaml')) as TestRunDoc & {
        spec: { runner: Record<string, unknown> };
      };
      typo.spec.runner.volumeMount = typo.spec.runner.volumeMounts;
      expect(validate(typo)).toBe(false);
      const wrongType = parseYaml(readText(folder, 'k8s/testrun-users.yaml')) as { spec: Record<string, unknown> };
      wrongType.spec.parallelism = 'four';
      expect(validate(wrongType)).toBe(false);
    },
  );

  it('writes a README that says how to run the scripts and bring the files back for verdict import k6', () => {
    const readme = readText(folder, 'README.md');
    expect(readme).toContain('kubectl cp verdict-k6-results-reader:/results/$f results/$f');
    expect(readme).toContain('verdict import k6 results/verdict-users-[0-9]*.json');
    expect(readme).toContain('`workload`, `level`, `server`');
    expect(readme).toContain('AGPL-3.0');
    for (const skipped of summary.notExported)
      expect(readme).toContain(`- \`${skipped.workload}\`: ${skipped.reason}.`);
  });
});

describe('an exported script under a real k6', () => {
  const k6 = which('k6');

  it.runIf(k6)(
    'runs against node-fastify and writes samples tagged workload, level and server',
    { timeout: 120_000 },
    async () => {
      const folder = newFolder();
      const db = await startTestDatabase({ rows: 100 });
      const manifest = (await loadManifests()).find((m) => m.name === 'node-fastify')!;
      const server = await startServerUnderTest(manifest, db).catch(async (error: unknown) => {
        await db.stop();
        throw error;
      });
      const output = join(folder, 'users.json');
      try {
        await exportTo(
          folder,
          '--workloads',
          'users',
          '--levels',
          '2',
          '--duration',
          '3s',
          '--target',
          server.url,
          '--server',
          manifest.name,
        );
        const run = spawnGroup(
          'k6 run',
          k6!,
          ['run', '--quiet', '--out', `json=${output}`, join(folder, 'scripts', 'users.ts')],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let log = '';
        run.child.stderr?.on('data', (chunk: Buffer) => (log = `${log}${chunk.toString()}`.slice(-4_000)));
        const timer = setTimeout(() => void run.kill(), 60_000);
        try {
          // k6 exits 0 only when every threshold held: no failed requests, every check passed.
          expect(await run.exited, log).toBe(0);
        } finally {
          clearTimeout(timer);
          await run.kill();
        }
      } finally {
        await server.stop();
        await db.stop();
      }
      let durations = 0;
      let checks = 0;
      for await (const line of createInterface({ input: createReadStream(output) })) {
        const sample = JSON.parse(line) as {
          type: string;
          metric: string;
          data: { value: number; tags?: Record<string, string> };
        };
        if (sample.type !== 'Point') continue;
        if (sample.metric === 'http_req_duration') {
          durations += 1;
          expect(sample.data.tags).toMatchObject({
            workload: 'users',
            level: '2',
            server: 'node-fastify',
            runtime: 'node',
          });
        }
        if (sample.metric === 'checks') {
          checks += 1;
          expect(sample.data.value).toBe(1);
        }
      }
      expect(durations).toBeGreaterThan(0);
      expect(checks).toBe(durations * 3);
    },
  );
});

interface TestRunDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    parallelism: number;
    script: unknown;
    arguments: string;
    runner: { env: unknown[]; volumes: unknown[]; volumeMounts: unknown[] };
  };
}

function readdirRecursive(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? readdirRecursive(folder, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

/** tsc on the export's scripts with only @types/k6 in scope, as a user's editor would check them. */
function typeCheck(folder: string): { status: number | null; output: string } {
  mkdirSync(join(folder, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules', '@types', 'k6'), join(folder, 'node_modules', '@types', 'k6'));
  const compilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noEmit: true,
    target: 'es2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022'],
    types: ['k6'],
  };
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['scripts/*.ts'] }));
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(folder, 'tsconfig.json')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * The CRD's openAPIV3Schema as a JSON schema. Kubernetes prunes unknown fields and kubectl's
 * strict field validation rejects them; a schema only allows extra fields where it says so, so
 * every object that lists its properties gets additionalProperties: false here.
 */
function testRunValidator() {
  const fixture = parseYaml(
    readFileSync(join(projectRoot, 'test', 'fixtures', 'k6-operator', 'testrun-crd.yaml'), 'utf8'),
  ) as { kind: string; version: string; openAPIV3Schema: AnySchema };
  expect([fixture.kind, fixture.version]).toEqual(['TestRun', 'v1alpha1']);
  // Kubernetes' integer and time formats; `type` already checks what the TestRun writes.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, 'date-time': true } });
  return ajv.compile(closeObjects(structuredClone(fixture.openAPIV3Schema)));
}

function closeObjects(schema: unknown): AnySchema {
  if (Array.isArray(schema)) return schema.map(closeObjects) as unknown as AnySchema;
  if (typeof schema !== 'object' || schema === null) return schema as AnySchema;
  const node = schema as Record<string, unknown>;
  for (const [key, value] of Object.entries(node))
    node[key] =
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, closeObjects(sub)]),
          )
        : closeObjects(value);
  if (
    node.properties &&
    node.additionalProperties === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  )
    node.additionalProperties = false;
  return node as AnySchema;
}
