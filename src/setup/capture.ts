/** Runs the programs `verdict setup` drives (python, pip, apt-get, brew) and keeps what they print for its errors. */
import { spawn } from 'node:child_process';
import type { Output } from '../core/output.js';
import { onCleanup } from '../util/lifecycle.js';

export interface Captured {
  code: number | null;
  output: string;
  /** Why it did not start at all (e.g. ENOENT), when that happened. */
  error?: string;
}

/** Runs a program to completion; optionally mirrors its output to stderr as it arrives. */
export function capture(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; mirror?: Output } = {},
): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    const stop = onCleanup(`${command} ${args[0] ?? ''}`, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      options.mirror?.stderr.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      void stop();
      resolve({ code: null, output, error: error.message });
    });
    child.on('close', (code) => {
      void stop(); // the child is gone: this only unregisters it
      resolve({ code, output });
    });
  });
}

/** The one line that says why a program failed: how it could not start, its last line, or its exit code. */
export function failureReason(result: Captured): string {
  return result.error ?? lastLine(result.output) ?? `exit code ${result.code}`;
}

export function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
}
