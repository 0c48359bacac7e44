/**
 * A CPU profile of a running Python server over exactly one trial, with py-spy (PyPI, in
 * requirements.txt): `py-spy record --pid` attaches to the process with ptrace and samples its
 * Python stacks from outside, without touching the server's code; SIGINT at the end of the trial
 * stops it and it writes the collapsed stacks. Where the system forbids ptrace (Yama's
 * ptrace_scope, a container without CAP_SYS_PTRACE), the capture says so instead.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { spawnGroup } from '../util/process-group.js';
import { sleep, which } from '../util/system.js';

/**
 * py-spy's default is 100 Hz; 250 gives a 5 s trial over a thousand samples. At 1,000 Hz its
 * pauses of the process cost the server more than half its throughput (measured on 2 cores).
 */
export const PY_SPY_RATE = 250;
export const PY_SPY_VERSION = '0.4.3';

/** Why a capture could not be taken, with the status the results file records. */
export class CaptureProblem extends Error {
  constructor(
    readonly status: 'not-permitted' | 'unavailable' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** py-spy beside the interpreter (the venv's bin/), else on PATH. */
export function findPySpy(python: string | null): string | undefined {
  if (python?.includes('/')) {
    const beside = join(dirname(python), 'py-spy');
    if (existsSync(beside)) return beside;
  }
  return which('py-spy');
}

export const pySpyTool = (rate: number = PY_SPY_RATE) => `py-spy record at ${rate} Hz (Python frames, idle left out)`;

/** What Yama allows, for the message when py-spy is refused. */
function ptraceScope(): string {
  try {
    const scope = readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim();
    const meaning: Record<string, string> = {
      '1': 'only a parent may trace its child',
      '2': 'only with CAP_SYS_PTRACE',
      '3': 'no process may be traced',
    };
    return `kernel.yama.ptrace_scope is ${scope}${meaning[scope] ? ` (${meaning[scope]})` : ''}`;
  } catch {
    return 'no Yama ptrace_scope here; the container may lack CAP_SYS_PTRACE or forbid ptrace in its seccomp profile';
  }
}

const NOT_PERMITTED = /permission denied|operation not permitted|EPERM|ptrace/i;

export interface PythonCapture {
  /** Stops sampling and returns the collapsed stacks py-spy wrote. */
  stop(): Promise<string>;
  cancel(): Promise<void>;
}

export interface PythonCaptureOptions {
  pySpy: string;
  /** Where py-spy writes its collapsed stacks. */
  output: string;
  /** py-spy runs here (the load generator's CPUs), not on the server's. */
  cpus?: string | null;
  rate?: number;
  /** The longest the capture may run if nobody stops it. */
  maxSeconds: number;
  attachTimeoutMs?: number;
}

export async function startPythonCapture(pid: number, options: PythonCaptureOptions): Promise<PythonCapture> {
  const rate = options.rate ?? PY_SPY_RATE;
  const args = [
    'record',
    '--pid',
    String(pid),
    '--rate',
    String(rate),
    '--format',
    'raw',
    '--nolineno',
    '--duration',
    String(Math.ceil(options.maxSeconds)),
    '--output',
    options.output,
  ];
  const proc = spawnGroup('py-spy', options.pySpy, args, {
    cpus: options.cpus ?? null,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  const remember = (chunk: Buffer) => {
    said += chunk.toString('utf8');
    if (said.length > 20_000) said = said.slice(-20_000);
  };
  proc.child.stdout!.on('data', remember);
  proc.child.stderr!.on('data', remember);
  const lastWords = () =>
    said
      .split('\n')
      .map((l) => l.replace(/^py-spy> /, '').trim())
      .filter((l) => l && !l.startsWith('You can use'))
      .join('; ')
      .slice(0, 400);

  // Attached once it says it samples; a refusal ends it at once.
  const deadline = Date.now() + (options.attachTimeoutMs ?? 10_000);
  let exited: number | null | undefined;
  void proc.exited.then((code) => (exited = code));
  while (!/Sampling process/.test(said)) {
    if (exited !== undefined) {
      const message = lastWords() || `py-spy exited with code ${exited}`;
      if (NOT_PERMITTED.test(message))
        throw new CaptureProblem(
          'not-permitted',
          `py-spy could not attach to pid ${pid}: ${message} (${ptraceScope()})`,
        );
      throw new CaptureProblem('failed', `py-spy could not attach to pid ${pid}: ${message}`);
    }
    if (Date.now() > deadline) {
      await proc.kill();
      throw new CaptureProblem(
        'failed',
        `py-spy did not start sampling pid ${pid} within ${(options.attachTimeoutMs ?? 10_000) / 1000} s: ` +
          `${lastWords() || 'no output'}`,
      );
    }
    await sleep(20);
  }

  return {
    async stop() {
      // SIGINT is py-spy's Ctrl-C: it stops sampling and writes what it has.
      try {
        process.kill(proc.child.pid!, 'SIGINT');
      } catch {
        // it ended on its own (--duration)
      }
      const ended = await Promise.race([proc.exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!ended) {
        await proc.kill();
        throw new CaptureProblem('failed', `py-spy did not write its profile within 15 s of SIGINT: ${lastWords()}`);
      }
      await proc.kill(); // gone already: this only unregisters its cleanup
      try {
        return await readFile(options.output, 'utf8');
      } catch {
        throw new CaptureProblem('failed', `py-spy wrote no profile: ${lastWords() || 'no output'}`);
      }
    },
    async cancel() {
      await proc.kill();
    },
  };
}

const run = promisify(execFile);

/** The standard library's top-level module names, from the interpreter the servers run under. */
export async function pythonStdlib(python: string): Promise<Set<string>> {
  try {
    const { stdout } = await run(python, ['-c', "import sys; print('\\n'.join(sorted(sys.stdlib_module_names)))"], {
      timeout: 20_000,
    });
    return new Set(
      stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
  } catch {
    // Without it, a frame is a package unless it is the server's own; the colours only are affected.
    return new Set([
      'asyncio',
      'concurrent',
      'contextlib',
      'functools',
      'json',
      'logging',
      'selectors',
      'socket',
      'ssl',
      'threading',
      'typing',
      'weakref',
      '_weakrefset',
    ]);
  }
}
