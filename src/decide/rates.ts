/**
 * The hiring-cost figures the recommendation prices a team with: the guide's UK day rates and
 * salaries, kept in data/rates-uk-2026.json with their source and date, replaceable with
 * `--rates <file>` (JSON or YAML) when a team has better numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { projectRoot } from '../util/paths.js';
import { parseErrorMessage } from './profile-input.js';

export const defaultRatesFile = join(projectRoot, 'data', 'rates-uk-2026.json');

const range = (max: number) =>
  z
    .tuple([z.number().positive().max(max), z.number().positive().max(max)])
    .refine(([low, high]) => low <= high, { message: 'low must not exceed high' });
const dayRate = range(20_000);
const salary = range(5_000_000);
const levels = z.strictObject({ mid: dayRate, senior: dayRate, principal: dayRate });
// Only senior salaries are in the guide; other levels may be given, otherwise they are estimated.
const salaries = z.strictObject({ mid: salary.optional(), senior: salary, principal: salary.optional() });

export const ratesSchema = z.strictObject({
  $comment: z.string().optional(),
  source: z.string().min(1),
  date: z.string().min(1),
  currency: z.string().min(1).default('GBP'),
  region: z.string().min(1),
  dayRates: z.strictObject({ node: levels, python: levels }),
  salaries: z.strictObject({ node: salaries, python: salaries }),
  /** Fractions: [0.2, 0.3] means 20-30% lower outside London. */
  outsideLondonReduction: z
    .tuple([z.number().min(0).max(0.95), z.number().min(0).max(0.95)])
    .refine(([low, high]) => low <= high, { message: 'the smaller reduction comes first' }),
  assumptions: z.strictObject({
    workingDaysPerMonth: z.number().positive().max(31),
    employerOnCost: z.number().min(0).max(2),
  }),
  notes: z.array(z.string()).default([]),
});

export type Rates = z.output<typeof ratesSchema>;
export type Range = [number, number];

const ALLOWED: Record<string, string> = {
  dayRates: '[low, high] in currency units a day, low <= high',
  salaries: '[low, high] a year, low <= high',
  outsideLondonReduction: '[smaller, larger] fractions from 0 to 0.95, e.g. [0.2, 0.3]',
  'assumptions.workingDaysPerMonth': 'a number of days from 1 to 31',
  'assumptions.employerOnCost': 'a fraction from 0 to 2, e.g. 0.15',
};

/** Reads and validates a rates file; every problem names the file, the field and what it accepts. */
export function loadRates(file: string = defaultRatesFile, shown: string = file): Rates {
  const flag = file === defaultRatesFile ? `rates file ${file}` : `--rates ${shown}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      'give the path of a rates JSON file like data/rates-uk-2026.json',
    );
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${flag} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${parseErrorMessage(error)}`,
      'fix the file; data/rates-uk-2026.json shows the format',
    );
  }
  return parseRates(raw, flag);
}

export function parseRates(raw: unknown, flag = '--rates'): Rates {
  const result = ratesSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    throw new UsageError(
      `${flag}: unknown field ${issue.keys.map((k) => `'${path ? `${path}.` : ''}${k}'`).join(', ')}`,
      'data/rates-uk-2026.json shows the format',
    );
  }
  const key = Object.keys(ALLOWED).find((k) => path === k || path.startsWith(`${k}.`));
  const expected = key ? ALLOWED[key] : issue.message;
  throw new UsageError(
    `${flag}: field ${path || '(top level)'} must be ${expected}` +
      `${issue.code === 'custom' ? ` (${issue.message})` : ''}`,
    'data/rates-uk-2026.json shows the format',
  );
}
