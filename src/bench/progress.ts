/**
 * Progress on stderr: a one-line bar with the current cell and an ETA, drawn only when stderr is
 * a terminal (autocannon's progressTracker does the same); plain log lines otherwise.
 * `--progress jsonl` is for programs that follow a run (verdict serve): one JSON object a line.
 */
import type { Output } from '../core/output.js';
import { palette } from '../core/output.js';
import { formatDuration } from './planned.js';
import type { ProgressEvent } from './run.js';

const BAR_WIDTH = 24;

/** auto: a bar on a terminal, log lines otherwise; jsonl: one JSON object a line, for programs. */
export const PROGRESS_FORMATS = ['auto', 'jsonl'] as const;
export type ProgressFormat = (typeof PROGRESS_FORMATS)[number];

export interface Progress {
  update(event: ProgressEvent): void;
  log(line: string): void;
  finish(): void;
}

export function createProgress(out: Output, estimatedSeconds: number, format: ProgressFormat = 'auto'): Progress {
  if (format === 'jsonl') return jsonlProgress(out, estimatedSeconds);
  const p = palette(out.color);
  const started = Date.now();
  let last: ProgressEvent | undefined;
  let drawn = false;
  const clear = () => {
    if (drawn) out.stderr.write('\r\u001b[2K');
    drawn = false;
  };
  const draw = () => {
    if (!out.stderrIsTTY || !last) return;
    const { done, total, label } = last;
    const elapsed = (Date.now() - started) / 1000;
    const remaining = done > 0 ? (elapsed / done) * (total - done) : Math.max(0, estimatedSeconds - elapsed);
    const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const columns = (out.stderr as { columns?: number }).columns ?? 100;
    const text = `${bar} ${done}/${total} ${label} · ETA ${formatDuration(remaining)}`;
    clear();
    out.stderr.write(p.cyan(text.slice(0, columns - 1)));
    drawn = true;
  };
  const timer = out.stderrIsTTY ? setInterval(draw, 500) : undefined;
  timer?.unref();
  return {
    update(event) {
      last = event;
      draw();
    },
    log(line) {
      clear();
      out.stderr.write(`${p.dim(line)}\n`);
      draw();
    },
    finish() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}

/**
 * One JSON object a line: {"event":"start",...}, {"event":"progress",...}, {"event":"log",...}.
 * The summary and warnings the bench prints at the end stay plain text lines, so a reader
 * treats any line that is not a JSON object as a plain message.
 */
function jsonlProgress(out: Output, estimatedSeconds: number): Progress {
  const started = Date.now();
  const emit = (event: Record<string, unknown>) => out.stderr.write(`${JSON.stringify(event)}\n`);
  emit({ event: 'start', estimatedSeconds: Math.round(estimatedSeconds) });
  return {
    update({ done, total, label }) {
      const elapsed = (Date.now() - started) / 1000;
      const remaining = done > 0 ? (elapsed / done) * (total - done) : Math.max(0, estimatedSeconds - elapsed);
      emit({
        event: 'progress',
        done,
        total,
        label,
        elapsedSeconds: Math.round(elapsed),
        etaSeconds: Math.round(remaining),
      });
    },
    log(line) {
      emit({ event: 'log', message: line });
    },
    finish() {},
  };
}
