import { describe, expect, it, vi } from 'vitest';
import { onCleanup, runCleanups } from '../../src/util/lifecycle.js';

describe('cleanups', () => {
  it('run once, newest first, and every caller waits for that one run to finish', async () => {
    const events: string[] = [];
    let finishSlow: () => void = () => {};
    const slowDone = new Promise<void>((resolve) => (finishSlow = resolve));
    onCleanup('older', () => {
      events.push('older');
    });
    const stopSlow = onCleanup('slow', async () => {
      events.push('slow started');
      await slowDone;
      events.push('slow finished');
    });

    // The end of a command and a signal reach the same cleanup at the same time.
    const direct = stopSlow().then(() => events.push('direct caller returned'));
    const all = runCleanups().then(() => events.push('all cleanups returned'));
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual(['slow started']);
    finishSlow();
    await Promise.all([direct, all]);
    expect(events.filter((e) => e === 'slow started')).toHaveLength(1);
    expect(events.indexOf('slow finished')).toBeLessThan(events.indexOf('direct caller returned'));
    expect(events.indexOf('older')).toBeGreaterThan(events.indexOf('slow finished'));
    await stopSlow();
    await runCleanups();
    expect(events.filter((e) => e === 'slow started' || e === 'older')).toHaveLength(2);
  });

  it('reports a failing cleanup and goes on with the others', async () => {
    const ran: string[] = [];
    onCleanup('fine', () => {
      ran.push('fine');
    });
    onCleanup('broken', () => {
      ran.push('broken');
      throw new Error('boom');
    });
    // The report goes to stderr (nothing else is left to tell once a signal is being handled):
    // read what is written there during the pass, and keep it out of the test's own output.
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await expect(runCleanups()).resolves.toBeUndefined();
    } finally {
      stderr.mockRestore();
    }
    expect(ran).toEqual(['broken', 'fine']);
    expect(written).toEqual(['verdict: cleanup of broken failed: boom\n']);
  });
});
