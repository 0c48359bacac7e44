/**
 * How a decision is re-checked: the `verdict bench` run that measures every claim the fired rules
 * rest on, at the profile's peak, and the `verdict decide` call that decides again on it (it takes
 * the newest completed results file by itself). Written as shell lines for the ADR's Confirmation.
 */
import { CLAIMS } from '../claims/catalogue.js';
import { WORKLOADS } from '../workloads/index.js';
import { CLAIM_SIDES } from './evidence.js';
import type { Profile } from './profile.js';
import type { Recommendation } from './recommend.js';
import { situationOf } from './situation.js';

/** The highest level `verdict bench --levels` accepts (src/bench/options.ts). */
export const BENCH_MAX_LEVEL = 20_000;

export interface Confirmation {
  /** Arguments after `verdict bench`. */
  bench: string[];
  /** Arguments after `verdict decide`: the profile as flags. */
  decide: string[];
  /** Set when the peak is beyond what the bench can measure. */
  note: string | null;
}

export function confirmation(rec: Recommendation): Confirmation {
  const s = situationOf(rec.profile);
  const claims = new Set(
    rec.fired.flatMap((r) => r.claims ?? []).filter((id) => CLAIM_SIDES[id]?.relevant?.(s) ?? true),
  );
  const wanted = new Set(['users', ...(rec.profile.touches.includes('realtime') ? ['websocket'] : [])]);
  for (const claim of CLAIMS.filter((c) => claims.has(c.id))) {
    for (const test of claim.tests) {
      wanted.add(test.workload);
      if (test.kind === 'ratio') for (const side of [test.a, test.b]) if (side.workload) wanted.add(side.workload);
    }
  }
  const workloads = WORKLOADS.map((w) => w.name).filter((name) => wanted.has(name));
  const defaults = WORKLOADS.find((w) => w.name === 'users')!.levels.default;
  const peak = Math.min(rec.profile.peakConnections, BENCH_MAX_LEVEL);
  const levels = defaults.includes(peak)
    ? []
    : ['--levels', [...new Set([...defaults, peak])].sort((a, b) => a - b).join(',')];
  return {
    bench: ['--workloads', workloads.join(','), ...levels],
    decide: profileFlags(rec.profile),
    note:
      rec.profile.peakConnections > BENCH_MAX_LEVEL
        ? `the bench measures up to ${BENCH_MAX_LEVEL.toLocaleString('en-US')} connections, below the expected peak`
        : null,
  };
}

/** The profile as the flags that give it back, defaults left out. */
export function profileFlags(p: Profile): string[] {
  const flags: string[] = [];
  const add = (flag: string, value?: string) => flags.push(flag, ...(value === undefined ? [] : [value]));
  // The name only titles the record; one too long for a line of the ADR's code block is left out.
  if (p.name !== 'the backend' && shellWord(p.name).length <= 60) add('--name', p.name);
  if (p.touches.length > 0) add('--touches', p.touches.join(','));
  if (p.greenfield) add('--greenfield');
  if (p.skills.javascript !== 'none') add('--javascript', p.skills.javascript);
  if (p.skills.python !== 'none') add('--python', p.skills.python);
  if (p.team.mid !== 2 || p.team.senior !== 2 || p.team.principal !== 0) {
    add(
      '--team',
      (['mid', 'senior', 'principal'] as const)
        .filter((l) => p.team[l] > 0)
        .map((l) => `${l}=${p.team[l]}`)
        .join(','),
    );
  }
  if (p.hiring !== 'permanent') add('--hiring', p.hiring);
  if (p.location !== 'london') add('--location', p.location);
  if (p.aiPlanned !== (p.touches.includes('ai') ? 'yes' : 'no')) add('--ai-planned', p.aiPlanned);
  if (p.peakConnections !== (p.touches.includes('high-concurrency') ? 1_000 : 100))
    add('--peak-connections', String(p.peakConnections));
  return flags;
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w.,=/:@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A command as shell lines of at most `width` columns, continued with a backslash, so a code
 * block in the ADR stays within markdownlint's line length.
 */
export function shellLines(command: string[], width = 80): string[] {
  const words = command.map(shellWord);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const indent = lines.length === 0 ? '' : '  ';
    if (current && indent.length + current.length + 1 + word.length + 2 > width) {
      lines.push(`${indent}${current} \\`);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  lines.push(`${lines.length === 0 ? '' : '  '}${current}`);
  return lines;
}
