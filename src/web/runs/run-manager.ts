/**
 * One benchmark at a time: two runs on the same machine would measure each other. The manager
 * keeps the current (or last) run so a page that reloads can follow it again, and stops it when
 * the web server stops.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.js';
import { Run, type RunRequest, type RunSnapshot } from './run.js';

export interface RunManagerOptions {
  /** The verdict CLI to spawn: [node, .../dist/bin.js]. */
  command: string[];
  cwd: string;
  resultsDir: string;
  cancelGraceMs?: number;
}

/**
 * Runs kept for GET /api/runs/{id} and their events; an older id answers 404 (its results file stays in the folder).
 */
export const KEPT_RUNS = 5;

/** The bench's own cleanups may take up to 20 s (lifecycle.ts); give them that and a little more. */
const CANCEL_GRACE_MS = 25_000;

export class RunManager {
  private runs = new Map<string, Run>();
  private last: Run | undefined;

  constructor(private readonly options: RunManagerOptions) {}

  start(request: RunRequest): RunSnapshot {
    if (this.last?.isActive()) {
      throw new ApiError(409, 'run_in_progress', `a run is already in progress (${this.last.id})`, {
        fix: 'wait for it to end, or cancel it first',
      });
    }
    try {
      mkdirSync(this.options.resultsDir, { recursive: true });
    } catch (error) {
      throw new ApiError(
        500,
        'internal',
        `cannot create the results folder ${this.options.resultsDir}: ` +
          `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { fix: 'start verdict serve with a writable --results-dir' },
      );
    }
    const id = runId(this.options.resultsDir, new Set(this.runs.keys()));
    const run = new Run({
      id,
      command: this.options.command,
      cwd: this.options.cwd,
      out: join(this.options.resultsDir, `${id}.json`),
      request,
      cancelGraceMs: this.options.cancelGraceMs ?? CANCEL_GRACE_MS,
    });
    // Only the last few runs are kept for their events; older ones are in the results folder.
    this.runs.set(id, run);
    for (const old of [...this.runs.keys()].slice(0, -KEPT_RUNS)) this.runs.delete(old);
    this.last = run;
    return run.snapshot();
  }

  get(id: string): Run {
    const run = this.runs.get(id);
    if (!run)
      throw new ApiError(404, 'not_found', `no run '${id}'`, { fix: 'GET /api/runs/current gives the current run' });
    return run;
  }

  current(): Run | undefined {
    return this.last;
  }

  cancel(id: string): RunSnapshot {
    const run = this.get(id);
    if (!run.isActive())
      throw new ApiError(409, 'run_not_running', `run '${id}' has already ended (${run.snapshot().state})`);
    run.cancel();
    return run.snapshot();
  }

  /** Stops the current run, if any, and waits until it and everything it started are gone. */
  async shutdown(): Promise<void> {
    const run = this.last;
    if (!run?.isActive()) return;
    run.cancel();
    await run.finished;
  }
}

/** bench-20261126-101500.json, like the command line's default; -2, -3... if a run started within the same second. */
function runId(dir: string, taken: Set<string>, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let id = `bench-${stamp}`;
  for (let n = 2; taken.has(id) || existsSync(join(dir, `${id}.json`)); n += 1) id = `bench-${stamp}-${n}`;
  return id;
}
