/**
 * The project profile: what a project touches and who builds it. One zod schema validates a
 * profile from any source (flags, a YAML/JSON file, the prompts), so every source gets the same
 * one-line errors that name the field and its allowed values.
 */
import { z } from 'zod';
import { UsageError } from '../core/errors.js';

export const TOUCHES = [
  'realtime',
  'ai',
  'data-science',
  'background-jobs',
  'rest-api',
  'react-frontend',
  'high-concurrency',
] as const;
export const SKILLS = ['none', 'some', 'strong'] as const;
export const HIRING = ['permanent', 'contract'] as const;
export const LOCATIONS = ['london', 'elsewhere'] as const;
export const AI_PLANS = ['yes', 'maybe', 'no'] as const;
export const LEVELS = ['mid', 'senior', 'principal'] as const;

export type Touch = (typeof TOUCHES)[number];
export type Skill = (typeof SKILLS)[number];
export type Level = (typeof LEVELS)[number];

/** What each `touches` value means, shown in help and in the prompts. */
export const TOUCH_LABELS: Record<Touch, string> = {
  realtime: 'real-time features: chat, live notifications, websockets',
  ai: 'AI/ML integration or LLM-powered features (now, in the first release)',
  'data-science': 'a data science or analytics pipeline',
  'background-jobs': 'background jobs processing large datasets',
  'rest-api': 'a conventional REST API',
  'react-frontend': 'a React or Next.js front end (full-stack)',
  'high-concurrency': 'thousands of simultaneous connections',
};

/**
 * No C0 or C1 control character (line breaks, tabs, escape sequences: exactly Unicode's Cc), and
 * at least one character that is not a space (JavaScript's \s), since runs of spaces are trimmed
 * away and an empty name is refused anyway. Spelled as ranges rather than \p{Cc} and \s, because
 * the pattern is published in the web API's OpenAPI document, and fuzzers and other JSON Schema
 * readers (Python's re among them) know no property escapes and another \s.
 */
const NOT_CONTROL = '[^\\u0000-\\u001f\\u007f-\\u009f]';
const NOT_CONTROL_OR_SPACE =
  '[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const NAME_PATTERN = new RegExp(`^${NOT_CONTROL}*${NOT_CONTROL_OR_SPACE}${NOT_CONTROL}*$`);
const MAX_TEAM_PER_LEVEL = 500;
const MAX_PEAK = 10_000_000;
const headcount = z.number().int().min(0).max(MAX_TEAM_PER_LEVEL);

export const profileSchema = z
  .strictObject({
    /**
     * The ADR's title and text, the terminal and the web page show it. Control characters are
     * refused (a line break would start a new Markdown block, an escape sequence would restyle a
     * terminal); runs of spaces become one, as the title would show them anyway.
     */
    name: z
      .string()
      .regex(NAME_PATTERN)
      .overwrite((name) => name.replace(/\s+/g, ' ').trim())
      .min(1)
      .max(120)
      .default('the backend'),
    touches: z.array(z.enum(TOUCHES)).default([]),
    greenfield: z.boolean().default(false),
    skills: z
      .strictObject({ javascript: z.enum(SKILLS).default('none'), python: z.enum(SKILLS).default('none') })
      .default({ javascript: 'none', python: 'none' }),
    team: z
      .strictObject({ mid: headcount.default(0), senior: headcount.default(0), principal: headcount.default(0) })
      .default({ mid: 2, senior: 2, principal: 0 }),
    hiring: z.enum(HIRING).default('permanent'),
    location: z.enum(LOCATIONS).default('london'),
    /** Absent means: 'yes' when the project already touches AI, otherwise 'no'. */
    aiPlanned: z.enum(AI_PLANS).optional(),
    /** Absent means 1,000 when touches lists high-concurrency ("thousands"), otherwise 100. */
    peakConnections: z.number().int().min(1).max(MAX_PEAK).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.team.mid + p.team.senior + p.team.principal === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['team'],
        message: 'team needs at least one person (mid, senior or principal)',
      });
    }
    if (p.touches.includes('ai') && p.aiPlanned !== undefined && p.aiPlanned !== 'yes') {
      ctx.addIssue({
        code: 'custom',
        path: ['aiPlanned'],
        message:
          `aiPlanned is '${p.aiPlanned}' but touches includes 'ai' (AI in the first release); use yes, or remove ` +
          `ai from touches`,
      });
    }
  })
  .transform((p) => ({
    ...p,
    touches: [...new Set(p.touches)],
    aiPlanned: p.aiPlanned ?? (p.touches.includes('ai') ? 'yes' : 'no'),
    peakConnections: p.peakConnections ?? (p.touches.includes('high-concurrency') ? 1_000 : 100),
  }));

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** The flag that sets each profile field, so an error can name both. */
export const FIELD_FLAGS: Record<string, string> = {
  name: '--name',
  touches: '--touches',
  greenfield: '--greenfield',
  'skills.javascript': '--javascript',
  'skills.python': '--python',
  team: '--team',
  'team.mid': '--team',
  'team.senior': '--team',
  'team.principal': '--team',
  hiring: '--hiring',
  location: '--location',
  aiPlanned: '--ai-planned',
  peakConnections: '--peak-connections',
};

const ALLOWED: Record<string, string> = {
  touches: `a list of ${TOUCHES.join(', ')}`,
  greenfield: 'true or false',
  'skills.javascript': SKILLS.join(', '),
  'skills.python': SKILLS.join(', '),
  'team.mid': `a whole number from 0 to ${MAX_TEAM_PER_LEVEL}`,
  'team.senior': `a whole number from 0 to ${MAX_TEAM_PER_LEVEL}`,
  'team.principal': `a whole number from 0 to ${MAX_TEAM_PER_LEVEL}`,
  hiring: HIRING.join(', '),
  location: LOCATIONS.join(', '),
  aiPlanned: AI_PLANS.join(', '),
  peakConnections: `a whole number from 1 to ${MAX_PEAK}`,
  name: 'text of 1 to 120 characters without control characters (line breaks, tabs)',
};

/**
 * Validates a profile; `source` says where it came from ('--profile file.yaml', 'flags') so the
 * message leads the user to the right place.
 */
export function parseProfile(raw: unknown, source: string): Profile {
  const result = profileSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UsageError(describeIssue(issue, raw), fixFor(source));
}

/** One issue as the one-line message every profile source gets (the web form uses it too). */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  // Array members are reported with their index (touches.1); the field is what the user knows.
  const path = issue.path.filter((part) => typeof part === 'string').join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = path ? `${path}.` : '';
    const known =
      path === 'skills'
        ? 'javascript, python'
        : path === 'team'
          ? LEVELS.join(', ')
          : Object.keys(ALLOWED)
              .filter((k) => !k.includes('.'))
              .concat('skills', 'team')
              .join(', ');
    return `profile has unknown field ${issue.keys.map((k) => `'${where}${k}'`).join(', ')}; known fields: ${known}`;
  }
  if (issue.code === 'custom') return `profile field ${path}: ${issue.message}`;
  const flag = FIELD_FLAGS[path];
  const got = valueAt(raw, issue.path);
  const gotText = got === undefined ? '' : `, got ${JSON.stringify(got)}`;
  return `profile field ${path}${flag ? ` (${flag})` : ''} must be ${ALLOWED[path] ?? 'valid'}${gotText}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function fixFor(source: string): string {
  if (source === 'flags') return "run 'verdict decide --help' for the allowed values";
  return `fix ${source} (see examples/decide-profile.yaml), or run 'verdict decide --help'`;
}

/** The people in the team, all levels together. */
export function teamSize(profile: Profile): number {
  return profile.team.mid + profile.team.senior + profile.team.principal;
}
