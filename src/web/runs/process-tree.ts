/**
 * The processes a benchmark run started, found from /proc. A run's servers run in process groups
 * of their own and PostgreSQL runs as another user, so neither a process group nor a session
 * covers everything: the tree of parent links does, while the run is alive. Sampling it during
 * the run keeps a record that outlives the parents, so after a cancel every process the run
 * started can be checked, and killed if it outlived the run.
 *
 * A pid is remembered with its start time: a pid reused by an unrelated process is not "left over".
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTime: number;
  command: string;
}

/** /proc/<pid>/stat; the name may hold spaces and parentheses, so fields are read after the last ')'. */
export function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); a zombie has exited and only waits for its parent.
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      sid: Number(fields[3]),
      startTime: Number(fields[19]),
      command: commandLine(pid),
    };
  } catch {
    return undefined; // gone between listing and reading
  }
}

function commandLine(pid: number): string {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean).join(' ').slice(0, 300);
  } catch {
    return '';
  }
}

export function listProcesses(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) all.push(info);
  }
  return all;
}

/** The root and everything below it by parent links, plus anything still in its session. */
export function processTree(root: number, all: ProcessInfo[] = listProcesses()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = new Map<number, ProcessInfo>();
  const queue = all.filter((p) => p.pid === root || p.sid === root);
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (found.has(p.pid)) continue;
    found.set(p.pid, p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return [...found.values()];
}

/** True when this exact process (same pid, same start time) still runs. */
export function stillRunning(p: Pick<ProcessInfo, 'pid' | 'startTime'>): boolean {
  return readProcess(p.pid)?.startTime === p.startTime;
}

/** Remembers every process seen in a tree, sampling it until stopped. */
export class ProcessTracker {
  readonly seen = new Map<string, ProcessInfo>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: number,
    intervalMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    for (const p of processTree(this.root)) this.seen.set(`${p.pid}:${p.startTime}`, p);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Every remembered process that still runs. */
  survivors(): ProcessInfo[] {
    return [...this.seen.values()].filter(stillRunning);
  }
}
