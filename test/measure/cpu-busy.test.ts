import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuList, startCpuBusy } from '../../src/measure/cpu-busy.js';

describe('CPU busy share', () => {
  it('reads taskset-style CPU lists', () => {
    expect(cpuList('1')).toEqual([1]);
    expect(cpuList('0-2')).toEqual([0, 1, 2]);
    expect(cpuList('0,3-4')).toEqual([0, 3, 4]);
  });

  it('sees a core kept busy by a pinned loop as busy', async () => {
    const window = startCpuBusy('1');
    const loop = spawn('taskset', [
      '-c',
      '1',
      process.execPath,
      '-e',
      'const end = Date.now() + 800; while (Date.now() < end) {}',
    ]);
    await new Promise((resolve) => loop.on('exit', resolve));
    expect(window.stop()).toBeGreaterThan(60);
  });
});
