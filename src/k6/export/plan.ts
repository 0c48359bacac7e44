/**
 * What `verdict export k6` writes: one k6 script per workload whose cells a k6 run can reproduce,
 * at the levels verdict's own plan runs (read from the workloads, never restated here), and for
 * every other workload the reason it is not exported.
 */
import { USERS_QUERY } from '../../bench/ceiling.js';
import { USER_BY_ID_TEMPLATE } from '../../workloads/user-by-id.js';
import { OPEN_MODEL_CONNECTIONS } from '../../workloads/open-model.js';
import { FANOUT_DELAY_MS } from '../../workloads/fanout.js';
import type { Workload } from '../../workloads/index.js';

/** What a request of an HTTP script asks for, and what its answer must hold. */
export type RequestSpec =
  | { kind: 'fixed'; path: string; body: 'users-list' }
  | { kind: 'random-id'; template: string; body: 'one-user' };

export type ScriptModel =
  | { kind: 'closed-http'; request: RequestSpec }
  | { kind: 'open-http'; request: RequestSpec; sockets: number }
  | { kind: 'websocket'; path: string };

export interface ScriptPlan {
  workload: string;
  summary: string;
  /** What a level counts, as verdict prints it: "connections", "req/s offered". */
  levelLabel: string;
  levels: number[];
  durationSeconds: number;
  model: ScriptModel;
  /** The script's file name in the export folder and in the ConfigMap. */
  file: string;
}

export interface NotExported {
  workload: string;
  reason: string;
}

/** Rows in /api/users answers: the LIMIT of the guide's query. */
export const USERS_PER_RESPONSE = Number(/LIMIT (\d+)/.exec(USERS_QUERY)?.[1]);

const usersList: RequestSpec = { kind: 'fixed', path: '/api/users', body: 'users-list' };
const userById: RequestSpec = { kind: 'random-id', template: USER_BY_ID_TEMPLATE, body: 'one-user' };

/**
 * The models of the workloads k6 can drive as verdict does. The paths are the servers' contract
 * (test/contract/); the levels, rates and socket counts come from the workloads themselves.
 */
const MODELS: Record<string, ScriptModel> = {
  users: { kind: 'closed-http', request: usersList },
  'users-unvalidated': {
    kind: 'closed-http',
    request: { kind: 'fixed', path: '/api/users-unvalidated', body: 'users-list' },
  },
  'user-by-id': { kind: 'closed-http', request: userById },
  'users-open': { kind: 'open-http', request: usersList, sockets: OPEN_MODEL_CONNECTIONS },
  'user-by-id-open': { kind: 'open-http', request: userById, sockets: OPEN_MODEL_CONNECTIONS },
  websocket: { kind: 'websocket', path: '/ws' },
};

/** Why the other workloads are not exported; each says what a user would need instead. */
const NOT_EXPORTED: Record<string, string> = {
  sse:
    'plain k6 has no server-sent-events client: it needs a k6 built with an SSE extension (xk6-sse, via xk6), ' +
    'which verdict neither ships nor can type-check; run it with verdict bench, or write the script for your own ' +
    'k6 build',
  fanout:
    `its cells are per fan-out width K, which the workload/level/server tags of k6's output cannot tell apart, ` +
    `and the server needs verdict's ${FANOUT_DELAY_MS} ms downstream stub beside it; run it with verdict bench`,
  compute:
    "its cells are per operation and implementation, which the workload/level/server tags of k6's output cannot " +
    "tell apart, and they depend on the server's manifest; run it with verdict bench",
};

export interface PlanChoices {
  workloads: readonly Workload[];
  /** --levels: connections for the connection-level workloads, as `verdict bench --levels`. */
  connections?: number[];
  /** --rates: requests per second for the open-model workloads. */
  rates?: number[];
  durationSeconds: number;
}

export function planExport(choices: PlanChoices): { scripts: ScriptPlan[]; notExported: NotExported[] } {
  const scripts: ScriptPlan[] = [];
  const notExported: NotExported[] = [];
  for (const workload of choices.workloads) {
    const model = MODELS[workload.name];
    if (!model) {
      notExported.push({
        workload: workload.name,
        reason:
          NOT_EXPORTED[workload.name] ?? 'verdict has no k6 script for this workload yet; run it with verdict bench',
      });
      continue;
    }
    scripts.push({
      workload: workload.name,
      summary: workload.summary,
      levelLabel: workload.levelLabel,
      levels: levelsFor(workload, model, choices),
      durationSeconds: choices.durationSeconds,
      model,
      file: `${workload.name}.ts`,
    });
  }
  return { scripts, notExported };
}

/** The plan's default levels, unless --levels or --rates speaks for this kind of workload. */
function levelsFor(workload: Workload, model: ScriptModel, choices: PlanChoices): number[] {
  if (model.kind === 'open-http') return choices.rates ?? [...workload.levels.default];
  // The same rule as verdict bench: --levels sets connections where the level is not part of
  // what the workload measures.
  if (workload.levelLabel === 'connections' && !workload.fixedLevels && choices.connections) return choices.connections;
  return [...workload.levels.default];
}
