/**
 * One benchmark run started from the web page: the verdict CLI itself as a child process
 * (`verdict bench --quick --progress jsonl ...`), so the page runs exactly what the command line
 * runs. Its stderr progress becomes events for the page; its process tree is tracked so a cancel
 * can be checked: SIGINT to its process group (what Ctrl-C in a terminal does), the bench's own
 * cleanups stop servers and PostgreSQL, and anything that outlives the run is killed and reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { shownPath } from '../../util/shown-path.js';
import { ProcessTracker, stillRunning, type ProcessInfo } from './process-tree.js';

export interface RunRequest {
  servers: string[];
  workloads: string[];
  /** Connection levels for the HTTP workloads; the quick run's own levels when absent. */
  levels?: number[] | undefined;
}

export type RunState = 'running' | 'cancelling' | 'completed' | 'failed' | 'cancelled';

export interface RunProgress {
  done: number;
  total: number;
  label: string;
  elapsedSeconds: number;
  etaSeconds: number;
}

export interface RunSnapshot {
  id: string;
  state: RunState;
  request: RunRequest;
  /** The command line, as a user would type it. */
  command: string;
  pid: number | null;
  startedAt: string;
  endedAt: string | null;
  estimatedSeconds: number | null;
  progress: RunProgress | null;
  /** The results file's name in the results folder, once it exists. */
  results: string | null;
  exitCode: number | null;
  signal: string | null;
  /** Processes the run was seen to start (servers, PostgreSQL and its backends, load generators). */
  processesSeen: number;
  /** Processes that outlived the run and had to be killed; empty is the expected answer. */
  leftovers: { pid: number; command: string }[];
  /** Temporary PostgreSQL folders of the run that outlived it and were removed; normally empty. */
  removedFolders: string[];
  /** Why it failed, when it did: the CLI's own one-line error. */
  message: string | null;
}

export type RunEvent =
  | { id: number; type: 'state'; data: RunSnapshot }
  | { id: number; type: 'progress'; data: RunProgress }
  | { id: number; type: 'log'; data: { stream: 'stdout' | 'stderr'; message: string } }
  | { id: number; type: 'end'; data: RunSnapshot };

type Listener = (event: RunEvent) => void;
type EventBody = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'id'> : never) : never;

export interface RunOptions {
  id: string;
  /** The verdict CLI: [node, dist/bin.js] (tests may give a fake). */
  command: string[];
  cwd: string;
  out: string;
  request: RunRequest;
  /** How long the bench may take to stop after SIGINT before its processes are killed. */
  cancelGraceMs: number;
}

/** Events kept for pages that connect (or reconnect) late; a quick run writes far fewer. */
const MAX_EVENTS = 5_000;

export class Run {
  private readonly events: RunEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private nextId = 1;
  private readonly child: ChildProcess;
  private tracker: ProcessTracker | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private lastError: string | null = null;
  private state: RunState = 'running';
  private progress: RunProgress | null = null;
  private estimatedSeconds: number | null = null;
  private endedAt: string | null = null;
  private exit: { code: number | null; signal: string | null } = { code: null, signal: null };
  private leftovers: ProcessInfo[] = [];
  private removedFolders: string[] = [];
  readonly startedAt = new Date().toISOString();
  readonly finished: Promise<RunSnapshot>;

  constructor(private readonly options: RunOptions) {
    const args = [...options.command.slice(1), ...benchArguments(options.request, options.out)];
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    // A process group of its own: one SIGINT reaches the bench and whatever shares its group.
    this.child = spawn(options.command[0]!, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    if (this.child.pid !== undefined) this.tracker = new ProcessTracker(this.child.pid);
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.stdoutLine(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.stderrLine(line));
    this.finished = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.lastError = `could not start the benchmark: ${error.message}`;
      });
      // 'close' comes after the last line of output has been read.
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        void this.finish().then(resolve);
      });
    });
    this.emit({ type: 'state', data: this.snapshot() });
  }

  get id(): string {
    return this.options.id;
  }

  isActive(): boolean {
    return this.state === 'running' || this.state === 'cancelling';
  }

  snapshot(): RunSnapshot {
    const { request, out, cwd } = this.options;
    return {
      id: this.options.id,
      state: this.state,
      request,
      command: ['verdict', ...benchArguments(request, shownPath(cwd, out))].join(' '),
      pid: this.child.pid ?? null,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      estimatedSeconds: this.estimatedSeconds,
      progress: this.progress,
      results: existsSync(out) ? basename(out) : null,
      exitCode: this.exit.code,
      signal: this.exit.signal,
      processesSeen: this.tracker?.seen.size ?? 0,
      leftovers: this.leftovers.map(({ pid, command: c }) => ({ pid, command: c })),
      removedFolders: this.removedFolders,
      message: this.lastError,
    };
  }

  /** SIGINT to the run's process group, as Ctrl-C would; killed outright if it has not stopped in time. */
  cancel(): void {
    if (!this.isActive() || this.child.pid === undefined) return;
    if (this.state === 'running') {
      this.state = 'cancelling';
      this.tracker?.sample();
      signalGroup(this.child.pid, 'SIGINT');
      this.emit({ type: 'state', data: this.snapshot() });
      this.killTimer = setTimeout(() => this.kill(), this.options.cancelGraceMs);
      this.killTimer.unref();
    }
  }

  /** Replays the events after `afterId`, then follows live ones; returns the unsubscribe function. */
  subscribe(afterId: number, listener: Listener): () => void {
    for (const event of this.events) if (event.id > afterId) listener(event);
    if (!this.isActive() && this.endedAt !== null) return () => {};
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The bench did not stop in time: its group is killed; finish() then kills and reports what is left outside it. */
  private kill(): void {
    if (this.child.pid !== undefined) signalGroup(this.child.pid, 'SIGKILL');
    this.log(
      'stderr',
      `the benchmark did not stop within ${Math.round(this.options.cancelGraceMs / 1000)} s of the cancel; it ` +
        `was killed`,
    );
  }

  private stdoutLine(line: string): void {
    if (line.trim()) this.log('stdout', line);
  }

  /** `--progress jsonl` lines are events; any other line (summary, warnings, errors) is a message. */
  private stderrLine(line: string): void {
    if (line.startsWith('{')) {
      try {
        const event = JSON.parse(line) as { event?: string } & Record<string, unknown>;
        if (event.event === 'start' && typeof event.estimatedSeconds === 'number') {
          this.estimatedSeconds = event.estimatedSeconds;
          return;
        }
        if (event.event === 'progress') {
          const { done, total, label, elapsedSeconds, etaSeconds } = event as unknown as RunProgress;
          this.progress = { done, total, label, elapsedSeconds, etaSeconds };
          this.emit({ type: 'progress', data: this.progress });
          return;
        }
        if (event.event === 'log' && typeof event.message === 'string') {
          this.log('stderr', event.message);
          return;
        }
      } catch {
        // not one of ours: shown as it is
      }
    }
    if (line.startsWith('verdict: ')) this.lastError = line.slice('verdict: '.length);
    if (line.trim()) this.log('stderr', line);
  }

  private log(stream: 'stdout' | 'stderr', message: string): void {
    this.emit({ type: 'log', data: { stream, message } });
  }

  private emit(body: EventBody): void {
    const event = { ...body, id: this.nextId++ } as RunEvent;
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    for (const listener of this.listeners) listener(event);
  }

  /** After the bench exits: whatever it started must be gone too; anything left is killed and reported. */
  private async finish(): Promise<RunSnapshot> {
    clearTimeout(this.killTimer);
    this.tracker?.stop();
    let survivors = this.tracker?.survivors() ?? [];
    for (let waited = 0; survivors.length > 0 && waited < 3_000; waited += 200) {
      await new Promise((r) => setTimeout(r, 200));
      survivors = survivors.filter(stillRunning);
    }
    for (const p of survivors) signalPid(p.pid, 'SIGKILL');
    // SIGKILL is delivered, not awaited: the run ends when its last process has gone.
    for (let waited = 0; survivors.some(stillRunning) && waited < 2_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    this.leftovers = survivors;
    if (survivors.length > 0)
      this.log(
        'stderr',
        `killed ${survivors.length} process(es) the run left behind: ` +
          `${survivors.map((p) => `${p.pid} ${p.command}`).join('; ')}`,
      );
    this.removedFolders = this.removeDatabaseFolders();
    if (this.removedFolders.length > 0)
      this.log(
        'stderr',
        `removed the temporary PostgreSQL folder(s) the run left behind: ${this.removedFolders.join(', ')}`,
      );
    const { code } = this.exit;
    this.state = this.state === 'cancelling' ? 'cancelled' : code === 0 ? 'completed' : 'failed';
    if (this.state === 'failed' && !this.lastError)
      this.lastError = `the benchmark exited with ${code === null ? `signal ${this.exit.signal}` : `code ${code}`}`;
    this.endedAt = new Date().toISOString();
    const snapshot = this.snapshot();
    this.emit({ type: 'end', data: snapshot });
    this.listeners.clear();
    return snapshot;
  }

  /**
   * The embedded PostgreSQL's folder is the bench's to remove, and it does; but a bench stopped
   * at the wrong moment has been seen to leave it (partly) behind. Only folders of this run's own
   * PostgreSQL (seen in its process tree, now exited) under the temporary folder are touched.
   */
  private removeDatabaseFolders(): string[] {
    const folders = new Set<string>();
    for (const p of this.tracker?.seen.values() ?? []) {
      const data = /(?:^|\/)postgres -D (\S+)/.exec(p.command)?.[1];
      const root = data ? dirname(data) : undefined;
      if (root && dirname(root) === tmpdir() && basename(root).startsWith('verdict-pg-') && existsSync(root))
        folders.add(root);
    }
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    return [...folders];
  }
}

/** The bench's arguments: always a quick run, progress as JSON lines, results into the folder. */
export function benchArguments(request: RunRequest, out: string): string[] {
  return [
    'bench',
    '--quick',
    '--progress',
    'jsonl',
    '--servers',
    request.servers.join(','),
    '--workloads',
    request.workloads.join(','),
    ...(request.levels?.length ? ['--levels', request.levels.join(',')] : []),
    '--out',
    out,
  ];
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  signalPid(-pid, signal);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
