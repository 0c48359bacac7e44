/**
 * Where a command writes. Data goes to stdout, progress and warnings to stderr (autocannon's
 * convention), colour only when the stream is a terminal and NO_COLOR is unset.
 * Commands receive an Output instead of touching `process`, so tests can capture exact text.
 */
import type { Writable } from 'node:stream';

export interface Output {
  stdout: Writable;
  stderr: Writable;
  /** True when stderr is an interactive terminal: progress bars are drawn only then. */
  stderrIsTTY: boolean;
  /** True when stdin is an interactive terminal: prompts are asked only then. */
  stdinIsTTY: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** https://no-color.org: any non-empty NO_COLOR disables colour; FORCE_COLOR forces it. */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

export function processOutput(): Output {
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTTY,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    color: colorEnabled(process.env, Boolean(process.stdout.isTTY) || stderrIsTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

export type Style = (text: string) => string;

export interface Palette {
  bold: Style;
  dim: Style;
  red: Style;
  green: Style;
  yellow: Style;
  cyan: Style;
}

const plain: Style = (text) => text;
const sgr =
  (open: number, close: number): Style =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

export function palette(color: boolean): Palette {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
