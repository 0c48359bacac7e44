/**
 * k6 scripts for the request/response workloads, in the two models verdict's own drivers use:
 *
 * - closed (users, users-unvalidated, user-by-id): a level is a number of connections; k6's
 *   `constant-vus` runs one VU per connection, each sending its next request the moment the
 *   previous answer is complete, as wrk and verdict's lean driver do;
 * - open (users-open, user-by-id-open): a level is an offered rate; k6's `constant-arrival-rate`
 *   starts requests on a fixed schedule whatever the server's latency, with at most as many VUs
 *   (each with its own connection) as verdict's open-model driver opens sockets.
 *
 * Each answer is checked as the servers' contract says (test/contract/): status 200, a JSON
 * content type, and the body's shape. The thresholds are the claims' own bounds
 * (src/claims/thresholds.ts), so a k6 run fails where verdict would call the level failed.
 */
import { HTTP_FAILURE_SHARE } from '../../claims/thresholds.js';
import { RATE_TOLERANCE } from '../../load/open-model.js';
import { USERS_PER_RESPONSE, type RequestSpec, type ScriptPlan } from './plan.js';
import {
  header,
  k6Duration,
  literal,
  scenarioName,
  settingsCode,
  startTimes,
  type ScriptSettings,
} from './script-parts.js';

export function httpScript(plan: ScriptPlan, settings: ScriptSettings): string {
  const model = plan.model;
  if (model.kind === 'websocket') throw new Error(`httpScript: ${plan.workload} is a websocket workload`);
  const graceSeconds = settings.timeoutSeconds;
  const starts = startTimes(plan.levels, () => plan.durationSeconds + graceSeconds);
  const request = model.request;
  const scenarios = plan.levels.map((level, i) => {
    const common =
      `duration: ${literal(k6Duration(plan.durationSeconds))}, startTime: ${literal(k6Duration(starts[i]!))}, ` +
      `gracefulStop: ${literal(k6Duration(graceSeconds))}, tags: tagsAt(${literal(String(level))}), env: { LEVEL: ` +
      `${literal(String(level))} }`;
    const executor =
      model.kind === 'closed-http'
        ? `executor: 'constant-vus', vus: ${level}`
        : // All VUs made before the start: k6 drops an iteration while it makes a VU mid-test. The cap
          // is the whole test's; k6-operator splits it, like the rate, across its runners.
          `executor: 'constant-arrival-rate', rate: ${level}, timeUnit: '1s', preAllocatedVUs: ` +
          `${model.sockets}, maxVUs: ${model.sockets}`;
    return `    ${scenarioName(level)}: { ${executor}, ${common} },`;
  });
  const thresholds = plan.levels.flatMap((level) => {
    const lines = [
      `    ${literal(`http_req_failed{level:${level}}`)}: [${literal(`rate<=${HTTP_FAILURE_SHARE}`)}],`,
      `    ${literal(`checks{level:${level}}`)}: [${literal(`rate>=${round(1 - HTTP_FAILURE_SHARE)}`)}],`,
    ];
    // verdict holds a rate when it sends within RATE_TOLERANCE of it; k6 drops the iterations it
    // could not start on time (no VU free), so that share of the schedule is the bound.
    if (model.kind === 'open-http')
      lines.push(
        `    ${literal(`dropped_iterations{level:${level}}`)}: [` +
          `${literal(`count<=${Math.floor(level * plan.durationSeconds * RATE_TOLERANCE)}`)}],`,
      );
    return lines;
  });
  const modelText =
    model.kind === 'closed-http'
      ? [
          'Closed model, as verdict bench: each level is a `constant-vus` scenario with one VU per',
          'connection, each sending its next request the moment the previous answer is complete.',
          "With k6-operator the VUs are split across the runners: the level is the whole test's.",
        ]
      : [
          'Open model, as verdict bench: each level is a `constant-arrival-rate` scenario at that',
          `rate, with at most ${model.sockets} VUs (verdict's open-model socket cap). Latency is timed from`,
          'the actual send; a request k6 could not start on time is counted in dropped_iterations.',
          "verdict's own driver starts each schedule a second early, unrecorded; here every sample",
          'counts. Every rate runs: verdict bench stops its sweep after the first rate a server does',
          'not hold. With k6-operator the rate and the VUs are split across the runners.',
        ];
  return [
    ...header(plan, settings, modelText),
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    "import type { Options } from 'k6/options';",
    '',
    `const WORKLOAD = ${literal(plan.workload)};`,
    ...settingsCode(
      settings,
      request.kind === 'random-id' ? [`const ROWS = Number(__ENV.ROWS || ${literal(String(settings.rows))});`] : [],
    ),
    '',
    'export const options: Options = {',
    '  scenarios: {',
    ...scenarios,
    '  },',
    '  thresholds: {',
    ...thresholds,
    '  },',
    '};',
    '',
    ...requestCode(request, settings),
    '',
    ...bodyChecks(request.body),
    '',
  ].join('\n');
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

function requestCode(request: RequestSpec, settings: ScriptSettings): string[] {
  const params =
    `{ timeout: ${literal(k6Duration(settings.timeoutSeconds))}, tags: { ...tags, name: ` +
    `${literal(request.kind === 'fixed' ? `GET ${request.path}` : `GET ${request.template}`)} } }`;
  const send =
    request.kind === 'fixed'
      ? [`  const response = http.get(\`\${BASE_URL}${request.path}\`, ${params});`]
      : [
          "  // A uniformly random existing id per request, as verdict's driver draws it.",
          '  const id = 1 + Math.floor(Math.random() * ROWS);',
          `  const response = http.get(\`\${BASE_URL}${request.template.replace('{id}', '${id}')}\`, ${params});`,
        ];
  const bodyCheck =
    request.body === 'users-list'
      ? `    ${literal(`body holds ${USERS_PER_RESPONSE} users {id, name, email}`)}: (r) => ` +
        `holdsUsers(parseJson(r.body)),`
      : "    'body is the user asked for': (r) => isUser(parseJson(r.body), id),";
  return [
    'export default function (): void {',
    "  const tags = tagsAt(__ENV.LEVEL || 'unknown');",
    ...send,
    '  check(',
    '    response,',
    '    {',
    "      'status is 200': (r) => r.status === 200,",
    "      'content type is JSON': (r) => /^application\\/json\\b/.test(r.headers['Content-Type'] ?? ''),",
    `  ${bodyCheck}`,
    '    },',
    '    tags,',
    '  );',
    '}',
  ];
}

/** The body shapes of the contract: /api/users answers `{"users": [...]}` or a bare array (the guide's Python seed). */
function bodyChecks(body: RequestSpec['body']): string[] {
  const parse = [
    'function parseJson(body: unknown): unknown {',
    "  if (typeof body !== 'string') return undefined;",
    '  try {',
    '    return JSON.parse(body);',
    '  } catch {',
    '    return undefined;',
    '  }',
    '}',
  ];
  const isUser = [
    'function isUser(value: unknown, id?: number): boolean {',
    "  if (typeof value !== 'object' || value === null) return false;",
    '  const user = value as { id?: unknown; name?: unknown; email?: unknown };',
    "  return typeof user.id === 'number' && (id === undefined || user.id === id) && typeof user.name === " +
      "'string' && typeof user.email === 'string';",
    '}',
  ];
  if (body === 'one-user') return [...parse, '', ...isUser];
  return [
    ...parse,
    '',
    ...isUser,
    '',
    'function holdsUsers(body: unknown): boolean {',
    '  const users = Array.isArray(body) ? body : (body as { users?: unknown } | undefined)?.users;',
    `  return Array.isArray(users) && users.length === ${USERS_PER_RESPONSE} && users.every((user) => isUser(user));`,
    '}',
  ];
}
