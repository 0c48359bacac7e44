/**
 * Faults during a real bench (test/bench/run.test.ts covers them with a fake server): the real CLI as a
 * child process, real servers from servers/, the embedded PostgreSQL verdict starts itself,
 * loopback only. Each test injects one fault from outside, as a user's machine would:
 *
 * - the server under test is killed (SIGKILL) in the middle of a cell;
 * - PostgreSQL is frozen (SIGSTOP) for 3 s in the middle of a cell, then resumed (SIGCONT);
 * - the results file's folder fills up mid-run (a small tmpfs), and Ctrl-C comes once it is full;
 * - the results cannot be written before the start (a read-only or full tmpfs).
 *
 * After each, nothing of the run may be left: no process (every process the run starts inherits
 * a marker in its environment), no temporary folder (each run has its own TMPDIR) and no
 * PostgreSQL data folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../src/results/store.js';
import type { Results } from '../../src/results/schema.js';
import { projectRoot } from '../../src/util/paths.js';
import { asCompleted, asErrored } from '../support/cell-kinds.js';
import { processesWithMarker } from '../support/processes.js';

const bin = join(projectRoot, 'dist', 'bin.js');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'verdict-real-faults-'));
  // PostgreSQL runs as another user when we are root: it must reach the TMPDIR inside.
  await chmod(folder, 0o755);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
}

function listProcesses(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid: Number(entry), ppid, comm });
    } catch {
      // gone
    }
  }
  return found;
}

/** Every process below `root` in the process tree (not `root` itself). */
function descendants(root: number): Proc[] {
  const all = listProcesses();
  const tree: Proc[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const proc of all) {
      if (parents.has(proc.ppid) && !parents.has(proc.pid)) {
        parents.add(proc.pid);
        tree.push(proc);
        grew = true;
      }
    }
  }
  return tree;
}

/** The progress label of a measured cell: "<server> users at <n> connections, round r/R". */
const cellLabel = /^(\S+) users at \d+ connections, round \d+\/\d+/;

type BenchEvent =
  | { event: 'start' }
  | { event: 'log'; message: string }
  | { event: 'progress'; label: string; done: number; total: number };

/** `verdict bench` as a child process, in its own process group, its progress read as JSON lines. */
class BenchRun {
  readonly child: ChildProcess;
  readonly marker: string;
  readonly events: BenchEvent[] = [];
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(
    readonly tmp: string,
    args: string[],
  ) {
    this.marker = `VERDICT_REAL_FAULTS=${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const [key, value] = this.marker.split('=') as [string, string];
    this.child = spawn(process.execPath, [bin, 'bench', '--progress', 'jsonl', ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, [key]: value },
    });
    let partial = '';
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.stderr += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          this.events.push(JSON.parse(line) as BenchEvent);
        } catch {
          // a plain line that happens to start with a brace
        }
      }
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(this.exitCode);
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  logs(): string[] {
    return this.events.flatMap((e) => (e.event === 'log' ? [e.message] : []));
  }

  labels(): string[] {
    return this.events.flatMap((e) => (e.event === 'progress' ? [e.label] : []));
  }

  /** Polls until `find` returns something, within `seconds`; fails with the run's stderr otherwise. */
  async waitFor<T>(what: string, find: () => T | undefined | false, seconds: number): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (this.exitCode !== undefined)
        throw new Error(`verdict exited (${this.exitCode}) before ${what}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${seconds} s:\n${this.stderr}`);
      await sleep(50);
    }
  }

  /** The log line "starting PostgreSQL ... (data folder X...)" names the data folder's parent. */
  dataFolder(): string | undefined {
    for (const line of this.logs()) {
      const match = /data folder ([^,)]+)/.exec(line);
      if (match) return match[1];
    }
    return undefined;
  }

  /** The server's pid, from its "started (pid N" line, checked against verdict's process tree. */
  serverPid(name: string): number | undefined {
    const line = this.logs().find((l) => l.startsWith(`${name} started (pid `));
    const pid = line ? Number(/\(pid (\d+)/.exec(line)![1]) : undefined;
    return pid !== undefined && descendants(this.pid).some((p) => p.pid === pid) ? pid : undefined;
  }

  /**
   * Waits for the first measured cell's progress line, then for its load: a wrk process in
   * verdict's tree that was not there before the line (the warm-up ran wrk too). Returns the label.
   */
  async firstCellUnderLoad(seconds: number): Promise<string> {
    const wrkPids = () =>
      descendants(this.pid)
        .filter((p) => p.comm === 'wrk')
        .map((p) => p.pid);
    let before = new Set<number>();
    const label = await this.waitFor(
      'a measured cell',
      () => {
        const found = this.labels().find((l) => cellLabel.test(l));
        if (!found) before = new Set(wrkPids());
        return found;
      },
      seconds,
    );
    await this.waitFor(`the load of "${label}"`, () => wrkPids().some((pid) => !before.has(pid)), 30);
    return label;
  }

  /**
   * After the test, pass or fail: SIGINT to the group (verdict cleans up), then SIGKILL whatever carries the marker.
   */
  async stop(): Promise<void> {
    if (this.exitCode === undefined) {
      try {
        process.kill(-this.pid, 'SIGINT');
      } catch {
        // already gone
      }
      await Promise.race([this.exited, sleep(25_000)]);
    }
    for (const pid of processesWithMarker(this.marker)) {
      try {
        process.kill(pid, 'SIGCONT');
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** A fresh TMPDIR for one run, reachable by the postgres user, so what the run leaves there is its own. */
async function ownTmp(name: string): Promise<string> {
  const tmp = join(folder, `tmp-${name}`);
  await mkdir(tmp, { mode: 0o755 });
  await chmod(tmp, 0o755);
  return tmp;
}

/** Nothing of the run left: no process with its marker, nothing in its TMPDIR, no PostgreSQL data folder. */
async function expectNothingLeft(run: BenchRun): Promise<void> {
  for (let i = 0; i < 100 && processesWithMarker(run.marker).length > 0; i += 1) await sleep(100);
  const left = processesWithMarker(run.marker)
    .map((pid) => listProcesses().find((p) => p.pid === pid))
    .filter(Boolean);
  expect(left, `processes of the run left behind\n${run.stderr}`).toEqual([]);
  expect(readdirSync(run.tmp), 'temporary folders left behind').toEqual([]);
  const data = run.dataFolder();
  expect(data, 'the run named its PostgreSQL data folder').toBeDefined();
  expect(existsSync(data!), `PostgreSQL data folder ${data} left behind`).toBe(false);
}

/** Writes into `file` until the disk holding it has no byte left. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** A tmpfs mounted for one test; the caller unmounts it in a finally. */
async function mountTmpfs(dir: string, options: string): Promise<() => void> {
  await mkdir(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`mount -t tmpfs -o ${options} failed: ${mounted.stderr}`);
  return () => {
    const unmounted = spawnSync('umount', ['-l', dir], { encoding: 'utf8' });
    if (unmounted.status !== 0) throw new Error(`umount ${dir} failed: ${unmounted.stderr}`);
  };
}

const cellsOf = (results: Results, server: string) => results.cells.filter((c) => c.server === server);

/** Sends a signal to one process; one that has ended meanwhile (a backend) is no error. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

describe('faults during a real bench', () => {
  it('a server killed mid-cell errors that cell with its log tail; the next server runs; exit 1', async () => {
    const tmp = await ownTmp('kill');
    const out = join(folder, 'kill', 'results.json');
    // Two servers, one cell each; 3 s cells leave room to strike while the load is on. Seed 7
    // draws python-fastapi-tuned first, and uvicorn logs its startup: a log tail to carry.
    const run = new BenchRun(tmp, [
      '--quick',
      '--servers',
      'node-fastify,python-fastapi-tuned',
      '--workloads',
      'users',
      '--levels',
      '10',
      '--duration',
      '3s',
      '--seed',
      '7',
      '--driver',
      'wrk',
      '--out',
      out,
    ]);
    try {
      const victim = cellLabel.exec(await run.firstCellUnderLoad(60))![1]!;
      expect(victim).toBe('python-fastapi-tuned');
      const survivor = 'node-fastify';
      const pid = await run.waitFor(`${victim}'s pid in verdict's process tree`, () => run.serverPid(victim), 10);
      await sleep(500);
      process.kill(pid, 'SIGKILL');

      expect(await Promise.race([run.exited, sleep(60_000).then(() => 'still running')]), run.stderr).toBe(1);
      const saved = await readResults(out);
      expect(saved.status).toBe('completed');
      const killed = asErrored(cellsOf(saved, victim)[0]);
      expect(killed.reason).toBe('server exited during the cell (SIGKILL)');
      // The server's own log: what a user reads to see what the server was doing.
      expect(killed.logTail.join('\n')).toContain(`Started server process [${pid}]`);
      const next = asCompleted(cellsOf(saved, survivor)[0]);
      expect(next.requests).toBeGreaterThan(0);
      expect(next.errors + next.timeouts + next.non2xx).toBe(0);
      // The killed cell comes first, so the survivor's cell was measured after it.
      expect(saved.cells.indexOf(killed)).toBeLessThan(saved.cells.indexOf(next));
      await expectNothingLeft(run);
    } finally {
      await run.stop();
    }
  }, 180_000);

  it('PostgreSQL frozen for 3 s mid-cell: errors and timeouts counted there, the next cell is clean', async () => {
    const tmp = await ownTmp('freeze');
    const out = join(folder, 'freeze', 'results.json');
    // node-fastify at two levels: itself and its A/A replicate at each, four cells in all. A 1 s
    // timeout makes the frozen requests count as timeouts; 5 s cells hold the 3 s freeze.
    const run = new BenchRun(tmp, [
      '--quick',
      '--servers',
      'node-fastify',
      '--workloads',
      'users',
      '--levels',
      '10,20',
      '--duration',
      '5s',
      '--timeout',
      '1s',
      '--seed',
      '1',
      '--driver',
      'wrk',
      '--out',
      out,
    ]);
    let frozen: number[] = [];
    try {
      await run.firstCellUnderLoad(60);
      await sleep(500);
      // The postmaster and every backend: the server's pooled connections hang as on a stalled host.
      frozen = descendants(run.pid)
        .filter((p) => p.comm === 'postgres')
        .map((p) => p.pid);
      expect(frozen.length).toBeGreaterThan(1);
      for (const pid of frozen) signal(pid, 'SIGSTOP');
      await sleep(3_000);
      for (const pid of frozen) signal(pid, 'SIGCONT');
      frozen = [];

      expect(await Promise.race([run.exited, sleep(60_000).then(() => 'still running')]), run.stderr).toBe(0);
      const saved = await readResults(out);
      expect(saved.status).toBe('completed');
      expect(saved.cells.map((c) => c.outcome)).toEqual(['completed', 'completed', 'completed', 'completed']);
      const [first, second, ...rest] = saved.cells.map(asCompleted);
      expect(first!.timeouts + first!.errors, 'the frozen cell counts its failed requests').toBeGreaterThan(0);
      // The server recovers: the cell after the freeze and every later one are clean.
      for (const cell of [second!, ...rest]) {
        expect(cell.requests).toBeGreaterThan(0);
        expect({ errors: cell.errors, timeouts: cell.timeouts, non2xx: cell.non2xx }).toEqual({
          errors: 0,
          timeouts: 0,
          non2xx: 0,
        });
      }
      await expectNothingLeft(run);
    } finally {
      for (const pid of frozen) signal(pid, 'SIGCONT');
      await run.stop();
    }
  }, 180_000);

  it('the results folder fills up mid-run: one-line error, the last complete results file intact', async () => {
    const tmp = await ownTmp('fill');
    const disk = join(folder, 'fill');
    // verdict asks for 20 MB free before it starts; a little more lets it start.
    const unmount = await mountTmpfs(disk, 'size=24m');
    const out = join(disk, 'results.json');
    // node-fastify at two levels: four cells, so the disk fills between two of them.
    const run = new BenchRun(tmp, [
      '--quick',
      '--servers',
      'node-fastify',
      '--workloads',
      'users',
      '--levels',
      '10,20',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    try {
      await run.waitFor(
        'the first cell on disk',
        () => existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as Results).cells.length > 0,
        60,
      );
      // verdict is held still while the disk fills, so the file it wrote last is known exactly.
      process.kill(run.pid, 'SIGSTOP');
      const lastComplete = await readFile(out, 'utf8');
      try {
        fillDisk(join(disk, 'filler'));
      } finally {
        process.kill(run.pid, 'SIGCONT');
      }

      expect(await Promise.race([run.exited, sleep(60_000).then(() => 'still running')]), run.stderr).toBe(1);
      const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('verdict: '));
      expect(errorLines, run.stderr).toEqual([
        `verdict: cannot save the results to ${out}: no space left on the disk (ENOSPC); ${out} keeps the ` +
          `results saved before this; free some space or choose another location with --out, and run again`,
      ]);
      // The file on disk is the last one written before the disk filled, whole and valid.
      expect(await readFile(out, 'utf8')).toBe(lastComplete);
      const saved = await readResults(out);
      expect(saved.cells.length).toBeGreaterThan(0);
      expect(saved.cells.length).toBeLessThan(4);
      // Nothing half-written is left beside it.
      expect(readdirSync(disk).sort()).toEqual(['filler', 'results.json']);
      await expectNothingLeft(run);
    } finally {
      await run.stop();
      unmount();
    }
  }, 180_000);

  it('Ctrl-C once the results folder is full: exit 130, the last ' +
    'complete results file intact, nothing left', async () => {
    const tmp = await ownTmp('fill-interrupt');
    const disk = join(folder, 'fill-interrupt');
    const unmount = await mountTmpfs(disk, 'size=24m');
    const out = join(disk, 'results.json');
    const run = new BenchRun(tmp, [
      '--quick',
      '--servers',
      'node-fastify',
      '--workloads',
      'users',
      '--levels',
      '10,20',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    try {
      await run.waitFor(
        'the first cell on disk',
        () => existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as Results).cells.length > 0,
        60,
      );
      // Held still while the disk fills and the signal arrives: Ctrl-C's own save meets the full disk.
      process.kill(run.pid, 'SIGSTOP');
      const lastComplete = await readFile(out, 'utf8');
      try {
        fillDisk(join(disk, 'filler'));
        process.kill(-run.pid, 'SIGINT');
      } finally {
        process.kill(run.pid, 'SIGCONT');
      }

      expect(await Promise.race([run.exited, sleep(60_000).then(() => 'still running')]), run.stderr).toBe(130);
      expect(run.stderr).not.toContain('internal error');
      // Ctrl-C's own save says in one line why it failed, and what is kept.
      expect(run.stderr).toContain(
        `verdict: cannot save the results to ${out}: no space left on the disk (ENOSPC); ${out} keeps the ` +
          `results saved before this`,
      );
      expect(await readFile(out, 'utf8')).toBe(lastComplete);
      // No half-written results or HTML report beside it (both are written atomically).
      expect(readdirSync(disk).sort(), run.stderr).toEqual(['filler', 'results.json']);
      await expectNothingLeft(run);
    } finally {
      await run.stop();
      unmount();
    }
  }, 180_000);

  describe('results that cannot be written before the start', () => {
    /**
     * Runs verdict to its end while sampling its process tree: what did it start? Loading its
     * modules runs `getconf` (clock ticks, page size), and a child caught between fork and exec
     * still shows verdict's own command line; anything else is something the run started.
     */
    async function runSampled(tmp: string, out: string): Promise<{ run: BenchRun; started: string[] }> {
      const run = new BenchRun(tmp, ['--quick', '--servers', 'node-fastify', '--workloads', 'users', '--out', out]);
      const started = new Set<string>();
      const commandLine = (pid: number) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        } catch {
          return undefined; // gone
        }
      };
      try {
        const own = commandLine(run.pid);
        const deadline = Date.now() + 30_000;
        while (run.exitCode === undefined && Date.now() < deadline) {
          const pids = new Set([...descendants(run.pid).map((p) => p.pid), ...processesWithMarker(run.marker)]);
          pids.delete(run.pid);
          for (const pid of pids) {
            const line = commandLine(pid);
            if (line && line !== own && !line.startsWith('getconf ')) started.add(line);
          }
          await sleep(5);
        }
      } finally {
        await run.stop();
      }
      return { run, started: [...started] };
    }

    it('an unwritable --out: exit 2, one line, nothing started', async () => {
      const tmp = await ownTmp('readonly');
      const disk = join(folder, 'readonly');
      const unmount = await mountTmpfs(disk, 'ro,size=1m');
      try {
        const { run, started } = await runSampled(tmp, join(disk, 'results.json'));
        expect(run.exitCode, run.stderr).toBe(2);
        expect(
          run.stderr
            .trim()
            .split('\n')
            .filter((l) => !l.startsWith('{')),
        ).toEqual([
          `verdict: --out ${join(disk, 'results.json')} cannot be written: EROFS; choose a writable location ` +
            `with --out`,
        ]);
        expect(started, 'processes verdict started').toEqual([]);
        expect(processesWithMarker(run.marker)).toEqual([]);
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        unmount();
      }
    });

    it('a full disk: exit 2, one line, nothing started', async () => {
      const tmp = await ownTmp('full');
      const disk = join(folder, 'full');
      const unmount = await mountTmpfs(disk, 'size=24m');
      try {
        fillDisk(join(disk, 'filler'));
        const { run, started } = await runSampled(tmp, join(disk, 'results.json'));
        expect(run.exitCode, run.stderr).toBe(2);
        expect(
          run.stderr
            .trim()
            .split('\n')
            .filter((l) => !l.startsWith('{')),
        ).toEqual([
          `verdict: the disk holding ${disk} is full (ENOSPC); free some space or choose another location with --out`,
        ]);
        expect(started, 'processes verdict started').toEqual([]);
        expect(processesWithMarker(run.marker)).toEqual([]);
        expect(readdirSync(tmp)).toEqual([]);
        expect(readdirSync(disk)).toEqual(['filler']);
      } finally {
        unmount();
      }
    });
  });
});
