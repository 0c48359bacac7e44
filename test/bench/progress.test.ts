/**
 * `verdict bench --progress jsonl`, the contract the run page reads: one JSON object a line on
 * stderr (start, progress, log), nothing drawn, nothing on stdout.
 */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/bench/progress.js';
import { captureOutput } from '../support/capture.js';

describe('jsonl progress', () => {
  it('writes start, progress and log events as JSON lines, even on a terminal', () => {
    const out = captureOutput({ stderrIsTTY: true, color: true });
    const progress = createProgress(out, 41.6, 'jsonl');
    progress.update({ done: 0, total: 4, label: 'starting node-fastify' });
    progress.log('node-fastify started (pid 42, CPU 0)');
    progress.update({ done: 4, total: 4, label: 'done' });
    progress.finish();
    const { stdout, stderr } = out.text();
    expect(stdout).toBe('');
    const lines = stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['start', 'progress', 'log', 'progress']);
    expect(lines[0]).toEqual({ event: 'start', estimatedSeconds: 42 });
    expect(lines[1]).toMatchObject({
      event: 'progress',
      done: 0,
      total: 4,
      label: 'starting node-fastify',
      elapsedSeconds: 0,
    });
    expect(lines[1]!.etaSeconds).toBeGreaterThan(40);
    expect(lines[2]).toEqual({ event: 'log', message: 'node-fastify started (pid 42, CPU 0)' });
    expect(lines[3]).toMatchObject({ done: 4, total: 4, label: 'done', etaSeconds: 0 });
    expect(stderr).not.toContain('\u001b[');
  });

  it('leaves the default (auto) output as it was: plain lines when stderr is not a terminal', () => {
    const out = captureOutput();
    const progress = createProgress(out, 10);
    progress.update({ done: 0, total: 1, label: 'x' });
    progress.log('seeded 10000 users');
    progress.finish();
    expect(out.text().stderr).toBe('seeded 10000 users\n');
  });
});
