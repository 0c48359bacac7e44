/**
 * The profile as `verdict decide` flags give it (they override a --profile file field by field).
 * Each value is checked here so errors name the flag; the merged profile is validated once by
 * src/decide/profile.ts.
 */
import type { FlagValue } from '../cli/args.js';
import { booleanFlag, enumValue, integerValue, namesValue, stringFlag } from '../cli/values.js';
import { UsageError } from '../core/errors.js';
import { AI_PLANS, HIRING, LEVELS, LOCATIONS, SKILLS, TOUCHES, type Level } from '../decide/profile.js';

/** The flags that describe the profile (as opposed to rates, results and output). */
export const PROFILE_FLAGS = [
  'name',
  'touches',
  'greenfield',
  'javascript',
  'python',
  'team',
  'hiring',
  'location',
  'ai-planned',
  'peak-connections',
] as const;

type Raw = Record<string, unknown>;

export function hasProfileFlags(flags: Record<string, FlagValue>): boolean {
  return PROFILE_FLAGS.some((name) => flags[name] !== undefined);
}

/** The profile fields given as flags, as a partial raw profile. */
export function profileFromFlags(flags: Record<string, FlagValue>): Raw {
  const raw: Raw = {};
  const skills: Raw = {};
  const name = stringFlag(flags, 'name');
  if (name !== undefined) raw.name = name;
  const touches = stringFlag(flags, 'touches');
  if (touches !== undefined) raw.touches = namesValue('touches', touches, TOUCHES);
  if (booleanFlag(flags, 'greenfield')) raw.greenfield = true;
  const js = stringFlag(flags, 'javascript');
  if (js !== undefined) skills.javascript = enumValue('javascript', js, SKILLS);
  const py = stringFlag(flags, 'python');
  if (py !== undefined) skills.python = enumValue('python', py, SKILLS);
  if (Object.keys(skills).length > 0) raw.skills = skills;
  const team = stringFlag(flags, 'team');
  if (team !== undefined) raw.team = teamValue('team', team);
  const hiring = stringFlag(flags, 'hiring');
  if (hiring !== undefined) raw.hiring = enumValue('hiring', hiring, HIRING);
  const location = stringFlag(flags, 'location');
  if (location !== undefined) raw.location = enumValue('location', location, LOCATIONS);
  const ai = stringFlag(flags, 'ai-planned');
  if (ai !== undefined) raw.aiPlanned = enumValue('ai-planned', ai, AI_PLANS);
  const peak = stringFlag(flags, 'peak-connections');
  if (peak !== undefined) raw.peakConnections = integerValue('peak-connections', peak, { min: 1, max: 10_000_000 });
  return raw;
}

/** `mid=2,senior=2,principal=1`: levels left out are 0. */
export function teamValue(flag: string, raw: string): Record<Level, number> {
  const team: Record<Level, number> = { mid: 0, senior: 0, principal: 0 };
  const fail = () =>
    new UsageError(
      `--${flag} must look like mid=2,senior=2,principal=1 (levels ${LEVELS.join(', ')}; whole numbers from 0 ` +
        `to 500), got '${raw}'`,
      "run 'verdict decide --help'",
    );
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw fail();
  for (const part of parts) {
    const match = /^(\w+)\s*[=:]\s*(\d+)$/.exec(part);
    if (!match || !(LEVELS as readonly string[]).includes(match[1]!) || Number(match[2]) > 500) throw fail();
    team[match[1] as Level] = Number(match[2]);
  }
  return team;
}
