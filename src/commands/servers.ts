/**
 * `verdict servers`: lists the servers under test (from their manifests), or starts one against
 * a fresh, seeded database and keeps it running until Ctrl-C, for poking at it by hand.
 */
import type { CommandSpec } from '../cli/args.js';
import { UsageError, VerdictError } from '../core/errors.js';
import { palette, writeLine, type Output } from '../core/output.js';
import { booleanFlag, integerValue, stringFlag } from '../cli/values.js';
import { DEFAULT_ROWS, redact, seedUsers, startDatabase } from '../database/index.js';
import { loadManifests, type ServerManifest } from '../servers/manifest.js';
import { startServer } from '../servers/process.js';
import { findPython } from '../servers/python.js';
import { onInterrupt, wasInterrupted } from '../util/lifecycle.js';

export const command: CommandSpec = {
  name: 'servers',
  summary: 'List the servers under test, or start one against a fresh database.',
  description: `With no arguments, lists every server in servers/ (from its manifest.json).
'verdict servers start <name>' starts the embedded PostgreSQL (or uses --database-url), seeds it,
starts that server, prints its URL on stdout and its log on stderr, and runs until Ctrl-C.`,
  positionals: [
    { name: 'action', description: "'list' (the default) or 'start'" },
    { name: 'name', description: "the server to start, for 'start'" },
  ],
  flags: {
    json: { type: 'boolean', description: 'List the manifests as JSON.' },
    rows: { type: 'string', value: 'N', description: 'Users to seed.', default: String(DEFAULT_ROWS) },
    'database-url': {
      type: 'string',
      value: 'URL',
      description: 'Use this PostgreSQL instead of starting the embedded one.',
    },
    python: {
      type: 'string',
      value: 'PATH',
      description: 'Python interpreter for Python servers.',
      default: '.venv/bin/python',
    },
    workers: {
      type: 'string',
      value: 'N',
      description: 'Server processes (Node cluster workers, uvicorn workers).',
      default: '1',
    },
    'log-requests': { type: 'boolean', description: 'Turn on per-request logging (LOG_REQUESTS=1).' },
  },
  examples: [
    'verdict servers',
    'verdict servers --json',
    'verdict servers start node-fastify',
    'verdict servers start python-fastapi-tuned --rows 1000 --workers 2',
  ],
  async run(input, out) {
    const [action = 'list', name] = input.positionals;
    const manifests = await loadManifests();
    if (action === 'list') {
      if (name !== undefined)
        throw new UsageError(
          `unexpected argument '${name}' for 'verdict servers list'`,
          "run 'verdict servers --help'",
        );
      listServers(manifests, booleanFlag(input.flags, 'json'), out);
      return 0;
    }
    if (action !== 'start')
      throw new UsageError(
        `unknown action '${action}' for 'verdict servers'`,
        "use 'verdict servers' to list or 'verdict servers start <name>'",
      );
    const known = manifests.map((m) => m.name);
    if (name === undefined)
      throw new UsageError("'verdict servers start' needs <name>", `choose from ${known.join(', ')}`);
    const manifest = manifests.find((m) => m.name === name);
    if (!manifest) throw new UsageError(`unknown server '${name}'`, `choose from ${known.join(', ')}`);
    const rawRows = stringFlag(input.flags, 'rows');
    const rows = rawRows === undefined ? DEFAULT_ROWS : integerValue('rows', rawRows, { min: 1, max: 10_000_000 });
    const rawWorkers = stringFlag(input.flags, 'workers');
    const workers = rawWorkers === undefined ? 1 : integerValue('workers', rawWorkers, { min: 1, max: 64 });
    const databaseUrl = stringFlag(input.flags, 'database-url');
    const pythonFlag = stringFlag(input.flags, 'python');
    const logRequests = booleanFlag(input.flags, 'log-requests');
    return startAndWait(manifest, { rows, workers, databaseUrl, pythonFlag, logRequests }, out);
  },
};

function listServers(manifests: ServerManifest[], json: boolean, out: Output): void {
  if (json) {
    const data = manifests.map(({ dir: _dir, ...manifest }) => manifest);
    writeLine(out.stdout, JSON.stringify(data, null, 2));
    return;
  }
  const colors = palette(out.color);
  const widths = {
    name: Math.max(4, ...manifests.map((m) => m.name.length)),
    runtime: Math.max(7, ...manifests.map((m) => m.runtime.length)),
    variant: Math.max(7, ...manifests.map((m) => m.variant.length)),
  };
  const row = (name: string, runtime: string, variant: string, description: string) =>
    `${name.padEnd(widths.name)}  ${runtime.padEnd(widths.runtime)}  ${variant.padEnd(widths.variant)}  ${description}`;
  writeLine(out.stdout, colors.bold(row('NAME', 'RUNTIME', 'VARIANT', 'DESCRIPTION')));
  for (const m of manifests) writeLine(out.stdout, row(m.name, m.runtime, m.variant, m.description));
}

interface StartOptions {
  rows: number;
  workers: number;
  databaseUrl: string | undefined;
  pythonFlag: string | undefined;
  logRequests: boolean;
}

async function startAndWait(manifest: ServerManifest, options: StartOptions, out: Output): Promise<number> {
  const colors = palette(out.color);
  const log = (line: string) => writeLine(out.stderr, colors.dim(line));
  // Checked before anything starts, so a missing venv costs no database start-up.
  const python = manifest.runtime === 'python' ? (await findPython(options.pythonFlag)).path : undefined;

  // The database and the server register their own cleanups: on Ctrl-C the lifecycle stops them
  // (server first, then PostgreSQL and its folder) and exits; on an error the CLI runs the same.
  const db = await startDatabase({ databaseUrl: options.databaseUrl, log });
  log(`seeding ${options.rows} users`);
  await seedUsers(db.url, options.rows);
  log(`starting ${manifest.name} (${options.workers} ${options.workers === 1 ? 'process' : 'processes'})`);
  const server = await startServer(manifest, {
    databaseUrl: db.url,
    python,
    workers: options.workers,
    logRequests: options.logRequests,
  });
  const follow = followLog(
    (lines) => server.logTail(lines),
    (line) => writeLine(out.stderr, line),
  );
  writeLine(out.stdout, server.url);
  log(`${manifest.name} serves ${server.url}/api/users from ${redact(db.url)}; press Ctrl-C to stop`);
  onInterrupt(() => {
    follow.stop();
    log('stopping the server and the database');
  });

  const info = await server.exited;
  follow.stop();
  // Stopped by Ctrl-C: the lifecycle is finishing the cleanup and will exit with 130.
  if (wasInterrupted()) await new Promise(() => {});
  throw new VerdictError(
    `server ${manifest.name} exited by itself with ${info.signal ?? `code ${info.code}`}`,
    'read its log above',
  );
}

/** Streams lines appended to a server's log tail; the tail is a bounded buffer, so compare by content. */
function followLog(tail: (lines?: number) => string[], write: (line: string) => void): { stop(): void } {
  let seen: string[] = [];
  const flush = () => {
    const now = tail(200);
    // Find where the previously seen lines end inside the new tail.
    let start = 0;
    for (let overlap = Math.min(seen.length, now.length); overlap > 0; overlap -= 1) {
      if (seen.slice(seen.length - overlap).every((line, i) => line === now[i])) {
        start = overlap;
        break;
      }
    }
    for (const line of now.slice(start)) write(line);
    seen = now;
  };
  const timer = setInterval(flush, 100);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
