/**
 * `verdict serve` as a user starts it: the built CLI (dist/bin.js) in a child process, on a free
 * port; the URL is the first line of its stdout. Stopped with SIGINT, as Ctrl-C does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../../src/util/paths.js';

export const bin = join(projectRoot, 'dist', 'bin.js');

export interface ServeProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGINT, then the exit code (130 is what Ctrl-C gives). */
  stop(): Promise<number | null>;
}

export async function startServe(cwd: string, args: string[] = []): Promise<ServeProcess> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing; run 'npm run build' first`);
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`verdict serve printed no URL within 20 s:\n${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    void exited.then((code) => reject(new Error(`verdict serve exited with ${code}:\n${stderr}`)));
  });
  return {
    url,
    origin: url.replace(/\/$/, ''),
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
