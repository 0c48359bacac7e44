/**
 * Open-file limits. Every held socket is a file descriptor, in the server and in the load
 * generator, so 10,000 websocket connections need more than 10,000 descriptors on both sides;
 * many systems start processes with a soft limit of 1,024. Node raises its own soft limit to the
 * hard limit at startup, and every process verdict starts (servers, Python included, and the
 * load generator) inherits that: nothing to raise. The hard limit needs privilege to raise, so
 * when it is too low the workload says so (openFilesShortfall) instead of failing with EMFILE.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface OpenFilesLimit {
  soft: number;
  hard: number;
}

/** The open-file limits of a process, from /proc (Infinity when unlimited); undefined when unreadable. */
export function openFilesLimit(pid: number | 'self' = 'self'): OpenFilesLimit | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line?.slice('Max open files'.length).trim().split(/\s+/) ?? []).map((v) =>
      v === 'unlimited' ? Infinity : Number(v),
    );
    return soft !== undefined && hard !== undefined && !Number.isNaN(soft) && !Number.isNaN(hard)
      ? { soft, hard }
      : undefined;
  } catch {
    return undefined;
  }
}

/** How many descriptors a process has open now; undefined when /proc cannot tell. */
export function openFileCount(pid: number | 'self' = 'self'): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/**
 * Checks that a process can open `more` descriptors beyond those it has open now (plus a margin
 * for files and sockets of its own); returns a sentence saying why not, or undefined when it can.
 */
export function openFilesShortfall(pid: number | 'self', who: string, more: number, margin = 64): string | undefined {
  const limit = openFilesLimit(pid);
  if (!limit) return undefined; // no /proc: nothing to check, the run will tell
  const needed = (openFileCount(pid) ?? 0) + more + margin;
  if (limit.soft >= needed) return undefined;
  const n = (value: number) => value.toLocaleString('en-US');
  const fix =
    limit.hard >= needed
      ? `its soft limit is ${n(limit.soft)} (hard ${n(limit.hard)}); raise it with 'ulimit -n ${limit.hard}'`
      : `its hard limit is ${n(limit.hard)}; raise it (e.g. 'ulimit -Hn ${needed}' as root, or LimitNOFILE in a ` +
        `systemd unit)`;
  return (
    `${who} can open ${n(limit.soft)} files but ${n(more)} connections need about ${n(needed)}: ${fix} before ` +
    `running verdict`
  );
}
