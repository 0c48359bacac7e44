/**
 * An imported run as a verdict results file, so `report`, `compare`, `decide` and `serve` read it
 * like any other. What the importing machine knows (itself) is recorded as such; what only the
 * runners' and the servers' machines knew (their CPU, memory, database, process model) is "not
 * known", and `source.notAvailable` says so in sentences.
 */
import { cpus, release, totalmem } from 'node:os';
import { osName } from '../machine/environment.js';
import {
  RESULTS_SCHEMA_ID,
  RESULTS_VERSION,
  type Cell,
  type Environment,
  type Results,
  type ServerInfo,
  type Source,
  type Target,
} from '../results/schema.js';
import { verdictVersion } from '../util/version.js';
import { describeWorkloadNames } from '../workloads/facts.js';

export type Engine = 'k6' | 'wrk';

export interface ImportedServer {
  name: string;
  runtime: Cell['runtime'];
  variant: Cell['variant'];
  /** Where its requests went, when the engine's output said. */
  origin: string | undefined;
}

export interface ImportedRun {
  engine: Engine;
  engineVersion: string;
  runners: number;
  servers: ImportedServer[];
  cells: Cell[];
  /** Sentences beyond the ones every import has (e.g. checks that named no cell). */
  notes?: string[];
  now?: Date;
}

const ENGINE_NAMES: Record<Engine, string> = { k6: 'k6', wrk: 'wrk' };

/** What an imported run cannot say, whatever the engine. */
export function notAvailableWhenImported(engine: Engine): string[] {
  const name = ENGINE_NAMES[engine];
  return [
    `Server CPU and memory: the servers ran on machines verdict did not see, and ${name}'s output does not ` +
      `carry them; CPU per request and memory per connection are not available either.`,
    `Queries per request: PostgreSQL's statement counts were not read during the ${name} run.`,
    `The load generator's CPU: ${name}'s output does not record it, so a saturated runner cannot be told from a ` +
      `slow server.`,
    'The database ceiling (pgbench on the same query) and the machine the servers ran on: not in the imported output.',
  ];
}

function importerEnvironment(engine: Engine, engineVersion: string): Environment {
  const cpuList = cpus();
  const elsewhere = `the servers and ${engine === 'k6' ? 'the k6 runners' : 'wrk'} ran elsewhere`;
  return {
    // These are the importing machine's: true of the machine that wrote the file, not of the run.
    cpuModel: `${cpuList[0]?.model.trim() ?? 'unknown'} (the importing machine's; the servers' is not known)`,
    cores: Math.max(1, cpuList.length),
    memoryMb: Math.max(1, Math.round(totalmem() / (1024 * 1024))),
    os: osName(),
    kernel: release(),
    node: process.versions.node,
    python: null,
    postgres: 'not known (imported run: its version and rows were not recorded)',
    database: { embedded: false, maxConnections: null, rows: 0, queryCounting: false },
    pinning: { available: false, servers: null, generator: null, database: null, note: `not known: ${elsewhere}` },
    loadGenerator: { driver: engine, version: engineVersion },
    processModel: 'not known: the servers were not started by verdict',
    facts: { machine: `CPU, memory, OS and Node above are the importing machine's; ${elsewhere}` },
  };
}

function serverInfo(server: ImportedServer, engine: Engine): ServerInfo {
  return {
    name: server.name,
    runtime: server.runtime,
    variant: server.variant,
    description:
      `measured by ${ENGINE_NAMES[engine]}${server.origin ? ` at ${server.origin}` : ''}; imported, not started ` +
      `by verdict`,
    poolSize: null,
    poolLibrary: null,
    libraries: {},
    notes: { process: 'not started by verdict: its CPU, memory, pool, processes and libraries are not known' },
    // The schema needs a count; the process model above says it is not known.
    workers: 1,
    pinnedTo: null,
  };
}

function targets(servers: readonly ImportedServer[]): Target[] {
  return servers
    .filter((s) => s.origin !== undefined)
    .map((s) => ({ name: s.name, url: s.origin!, runtime: s.runtime, label: '' }));
}

export function importedResults(run: ImportedRun): Results {
  const now = run.now ?? new Date();
  const workloads = [...new Set(run.cells.map((c) => c.workload))];
  const levels = Object.fromEntries(
    workloads.map((w) => [
      w,
      [...new Set(run.cells.filter((c) => c.workload === w).map((c) => c.connections))].sort((a, b) => a - b),
    ]),
  );
  const longest = Math.max(0, ...run.cells.map((c) => (c.outcome === 'skipped' ? 0 : (c.durationSeconds ?? 0))));
  const source: Source = {
    kind: 'import',
    engine: { name: run.engine, version: run.engineVersion },
    runners: run.runners,
    targets: targets(run.servers),
    notAvailable: [...notAvailableWhenImported(run.engine), ...(run.notes ?? [])],
  };
  const startedAt = run.cells.map((c) => c.startedAt).sort()[0] ?? now.toISOString();
  return {
    schema: RESULTS_SCHEMA_ID,
    version: RESULTS_VERSION,
    id: `import-${run.engine}-${now.getTime().toString(36)}`,
    tool: { name: 'verdict', version: verdictVersion() },
    createdAt: startedAt,
    finishedAt: now.toISOString(),
    status: 'completed',
    environment: importerEnvironment(run.engine, run.engineVersion),
    plan: {
      servers: run.servers.map((s) => s.name),
      workloads,
      levels,
      // Each cell is one trial of its own length; the plan records the longest.
      durationSeconds: Math.round(longest * 1000) / 1000,
      warmupSeconds: 0,
      rounds: 1,
      roundsByWorkload: {},
      seed: 0,
      confidence: 0.95,
      looks: [{ rounds: 1, level: 0.95 }],
      budgetSeconds: 0,
      aaServer: null,
      aaWorkload: null,
      durationByWorkload: {},
      workers: 1,
      driver: run.engine,
      quick: false,
      rows: 0,
      timeoutSeconds: 0,
      // Known workload names get their definitions' facts; a name of the import's own, the generic ones.
      workloadFacts: describeWorkloadNames(workloads),
    },
    servers: run.servers.map((s) => serverInfo(s, run.engine)),
    ceilings: [],
    cells: run.cells,
    extraRounds: [],
    source,
  };
}
