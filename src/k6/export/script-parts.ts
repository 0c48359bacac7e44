/**
 * The pieces every exported k6 script shares: where the settings come from (k6's `-e NAME=value`
 * or the runner's environment, else the value given to `verdict export k6`), the cell tags, and
 * when each level starts. Scripts are written as TypeScript source text; k6 runs TypeScript
 * itself (since v0.57) and the test type-checks the output against @types/k6.
 */
import { K6_CELL_TAGS, K6_RUNTIME_TAG } from '../tags.js';
import type { ScriptPlan } from './plan.js';

export interface ScriptSettings {
  /** The server under test, when given to the export; else the script needs BASE_URL. */
  baseUrl?: string;
  /** Its name for the `server` tag, when given; else the script needs SERVER. */
  server?: string;
  /** node or python, when known; added as the `runtime` tag. */
  runtime?: string;
  /** Users seeded on the target's database: ids of user-by-id are drawn from 1 to ROWS. */
  rows: number;
  /** A request slower than this counts as failed, as verdict's own --timeout. */
  timeoutSeconds: number;
  verdictVersion: string;
}

/** A value as TypeScript source: strings single-quoted, as the rest of the script. */
export const literal = (value: unknown): string =>
  typeof value === 'string'
    ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
    : JSON.stringify(value);

/** A k6 duration string: whole seconds stay whole, anything else in milliseconds. */
export const k6Duration = (seconds: number) =>
  Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;

export const scenarioName = (level: number) => `level_${level}`;

/** The header comment: what the script does and how to run it. */
export function header(plan: ScriptPlan, settings: ScriptSettings, model: string[]): string[] {
  return [
    '/**',
    ` * verdict's \`${plan.workload}\` workload for k6: ${plan.summary}.`,
    ` * Written by \`verdict export k6\` (verdict ${settings.verdictVersion}); export again rather than edit.`,
    ' *',
    ...model.map((line) => ` * ${line}`.trimEnd()),
    ' *',
    ` * Levels (${plan.levelLabel}), one after another, ${k6Duration(plan.durationSeconds)} each: ` +
      `${plan.levels.join(', ')}.`,
    ' * Settings, from `k6 run -e NAME=value` or the environment: BASE_URL (the server under test),',
    ' * SERVER (its name), RUNTIME (node or python, optional)' +
      (plan.model.kind !== 'websocket' && usesRows(plan) ? ', ROWS (users in its database).' : '.'),
    ` * Every sample is tagged ${K6_CELL_TAGS.join(', ')}: \`verdict import k6\` groups k6's JSON output`,
    ' * (`k6 run --out json=FILE`) into cells by these tags.',
    ' */',
  ];
}

function usesRows(plan: ScriptPlan): boolean {
  return plan.model.kind !== 'websocket' && plan.model.request.kind === 'random-id';
}

/** Reads the settings; a missing one stops the script at start with the way to give it. */
export function settingsCode(settings: ScriptSettings, extra: string[] = []): string[] {
  const cellTags = K6_CELL_TAGS.map((tag) =>
    tag === 'workload' ? 'workload: WORKLOAD' : tag === 'level' ? 'level' : 'server: SERVER',
  ).join(', ');
  return [
    `const BASE_URL = setting('BASE_URL', ${literal(settings.baseUrl ?? null)}, '--target URL').replace(/\\/+$/, '');`,
    `const SERVER = setting('SERVER', ${literal(settings.server ?? null)}, '--server NAME');`,
    `const RUNTIME = __ENV.RUNTIME || ${literal(settings.runtime ?? '')};`,
    ...extra,
    '',
    '/** From k6 -e NAME=value or the environment, else the value the export was given. */',
    'function setting(name: string, exported: string | null, flag: string): string {',
    '  const value = __ENV[name];',
    "  if (value !== undefined && value !== '') return value;",
    '  if (exported !== null) return exported;',
    '  throw new Error(`${name} is not set: run k6 with -e ${name}=... (in k6-operator, spec.runner.env of the ' +
      'TestRun), or export again with ${flag}`);',
    '}',
    '',
    `/** The tags \`verdict import k6\` reads (${K6_CELL_TAGS.join(', ')}), on every sample of a level. */`,
    'function tagsAt(level: string): Record<string, string> {',
    `  const tags: Record<string, string> = { ${cellTags} };`,
    `  if (RUNTIME !== '') tags.${K6_RUNTIME_TAG} = RUNTIME;`,
    '  return tags;',
    '}',
  ];
}

/**
 * When each level starts: after the previous level's time and its grace period, in which
 * requests still in flight finish (their samples belong to that level) before the next starts.
 */
export function startTimes(levels: readonly number[], levelSeconds: (level: number) => number): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const level of levels) {
    starts.push(at);
    at += levelSeconds(level);
  }
  return starts;
}
