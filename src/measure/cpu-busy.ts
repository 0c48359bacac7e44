/**
 * How busy whole CPUs were over a window, from /proc/stat: the load generator's CPU is shared
 * with PostgreSQL, so the generator's own CPU share does not show when that core is full.
 */
import { readFileSync } from 'node:fs';

/** "1" -> [1], "0-2" -> [0, 1, 2], "0,3" -> [0, 3]. */
export function cpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from!] : Array.from({ length: to - from! + 1 }, (_, i) => from! + i);
  });
}

interface Ticks {
  busy: number;
  total: number;
}

function readTicks(cpus: number[]): Ticks {
  let busy = 0;
  let total = 0;
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match || !cpus.includes(Number(match[1]))) continue;
    // user nice system idle iowait irq softirq steal ...: idle and iowait are the idle time.
    const fields = match[2]!.trim().split(/\s+/).map(Number);
    const sum = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    total += sum;
    busy += sum - fields[3]! - fields[4]!;
  }
  return { busy, total };
}

/** Starts a window; stop() returns the busy share of those CPUs over it, in percent. */
export function startCpuBusy(list: string): { stop(): number | null } {
  const cpus = cpuList(list);
  const first = readTicks(cpus);
  return {
    stop() {
      const last = readTicks(cpus);
      const total = last.total - first.total;
      return total > 0 ? ((last.busy - first.busy) / total) * 100 : null;
    },
  };
}
