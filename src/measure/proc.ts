/**
 * CPU and memory of a whole process group (a server with its cluster or uvicorn workers, or the
 * load generator), sampled from /proc. verdict starts each of those in its own process group.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { commandOutput } from '../util/system.js';

const CLOCK_TICKS = Number(commandOutput('getconf', ['CLK_TCK'])) || 100;
const PAGE_SIZE = Number(commandOutput('getconf', ['PAGESIZE'])) || 4096;

interface ProcessSample {
  pid: number;
  cpuTicks: number;
  rssBytes: number;
}

/** Reads /proc/<pid>/stat; the command name may contain spaces and parentheses, so parse after the last ')'. */
function readStat(pid: number): { pgid: number; ticks: number; rssBytes: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15, rss 24 (in pages).
    return {
      pgid: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]),
      rssBytes: Number(fields[21]) * PAGE_SIZE,
    };
  } catch {
    return undefined; // exited between listing and reading
  }
}

export function sampleGroup(pgid: number): ProcessSample[] {
  const samples: ProcessSample[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat && stat.pgid === pgid) samples.push({ pid, cpuTicks: stat.ticks, rssBytes: stat.rssBytes });
  }
  return samples;
}

export interface GroupUsage {
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  /** CPU time (user + system) the group used over the window, in seconds. */
  cpuSeconds: number;
  /** Largest total RSS of the group seen in any sample. */
  peakRssMb: number;
  /** Total RSS at the first and last sample. */
  firstRssMb: number;
  lastRssMb: number;
  samples: number;
}

export interface GroupSampler {
  /** Takes one sample now (e.g. right before measuring memory growth). */
  sample(): void;
  stop(): GroupUsage;
}

/**
 * Samples a process group every intervalMs. CPU is counted per process from its first sighting,
 * so workers started or stopped during the window are included with what they used while seen.
 */
export function startGroupSampler(pgid: number, intervalMs = 200): GroupSampler {
  const firstTicks = new Map<number, number>();
  const lastTicks = new Map<number, number>();
  const started = process.hrtime.bigint();
  let peakRss = 0;
  let firstRss: number | undefined;
  let lastRss = 0;
  let count = 0;
  let initial = true;
  const sample = () => {
    let rss = 0;
    for (const p of sampleGroup(pgid)) {
      // A process first seen after the start was created during the window: all its time counts.
      if (!firstTicks.has(p.pid)) firstTicks.set(p.pid, initial ? p.cpuTicks : 0);
      lastTicks.set(p.pid, p.cpuTicks);
      rss += p.rssBytes;
    }
    initial = false;
    firstRss ??= rss;
    lastRss = rss;
    peakRss = Math.max(peakRss, rss);
    count += 1;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      let ticks = 0;
      for (const [pid, last] of lastTicks) ticks += last - (firstTicks.get(pid) ?? last);
      const mb = (bytes: number) => bytes / (1024 * 1024);
      return {
        cpuPercent: wallSeconds > 0 ? (ticks / CLOCK_TICKS / wallSeconds) * 100 : 0,
        cpuSeconds: ticks / CLOCK_TICKS,
        peakRssMb: mb(peakRss),
        firstRssMb: mb(firstRss ?? 0),
        lastRssMb: mb(lastRss),
        samples: count,
      };
    },
  };
}
