/**
 * Helper processes verdict starts (the load generator, wrk, pgbench, the fan-out stub, servers):
 * each in its own process group, pinned to CPUs with taskset when asked and available, and
 * registered with the lifecycle so Ctrl-C kills the whole group.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { onCleanup } from './lifecycle.js';
import { which } from './system.js';

export interface Pinned {
  command: string;
  args: string[];
  /** The CPU list the process runs on, or null when it is not pinned. */
  pinnedTo: string | null;
}

/** The command line that runs `command` on `cpus` (taskset -c), or as it is without taskset. */
export function pinnedCommand(command: string, args: string[], cpus?: string | null): Pinned {
  const taskset = cpus ? which('taskset') : undefined;
  return taskset && cpus
    ? { command: taskset, args: ['-c', cpus, command, ...args], pinnedTo: cpus }
    : { command, args, pinnedTo: null };
}

export interface GroupProcess {
  child: ChildProcess;
  pinnedTo: string | null;
  /** Resolves with the exit code when the process has exited. */
  exited: Promise<number | null>;
  /** SIGKILL to the whole group, then wait for the exit; safe to call more than once. */
  kill(): Promise<void>;
}

export function spawnGroup(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { cpus?: string | null } = {},
): GroupProcess {
  const { cpus, ...spawnOptions } = options;
  const pinned = pinnedCommand(command, args, cpus);
  // Its own process group (detached): one signal reaches everything it starts.
  const child = spawn(pinned.command, pinned.args, { ...spawnOptions, detached: true });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const kill = onCleanup(name, async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  });
  return { child, pinnedTo: pinned.pinnedTo, exited, kill };
}
