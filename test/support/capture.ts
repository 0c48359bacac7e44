/** An Output that records what a command writes, for exact-text assertions. */
import { PassThrough } from 'node:stream';
import type { Output } from '../../src/core/output.js';

export interface Captured extends Output {
  text(): { stdout: string; stderr: string };
}

export function captureOutput(overrides: Partial<Output> = {}): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    stdout,
    stderr,
    stderrIsTTY: false,
    stdinIsTTY: false,
    color: false,
    env: {},
    cwd: process.cwd(),
    ...overrides,
    text: () => ({ stdout: out, stderr: err }),
  };
}
