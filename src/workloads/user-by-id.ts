/**
 * GET /api/users/{id} with a uniformly random existing id per request (TechEmpower's single-query
 * test): one indexed row, `SELECT id, name, email FROM users WHERE id = $1`, validated and
 * serialised like /api/users. Tuned servers only.
 */
import { VerdictError } from '../core/errors.js';
import type { RunningServer } from '../servers/process.js';
import { measureClosedHttp } from './http-measurement.js';
import type { CellContext, Measurement, Workload } from './types.js';

export const USER_BY_ID_TEMPLATE = '/api/users/{id}';

async function get(server: RunningServer, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

export const userByIdWorkload: Workload = {
  name: 'user-by-id',
  summary: 'GET /api/users/{id}: one row by primary key, a random existing id per request',
  levelLabel: 'connections',
  // One level is enough for the single-query comparison and for the open model's closed-model
  // maximum; 100 is where the users workload usually peaks on one core.
  levels: { default: [100], quick: [100] },
  // --quick: measured in the users stage, on servers already running and warm from its warm-up;
  // one short cell.
  quickJoins: 'users',
  quickWarmup: false,
  parameterSets: () => [{}],
  appliesTo: (manifest) => manifest.workloads.includes('user-by-id'),
  countsQueries: true,
  // A different query from the users ceiling's (pgbench runs the users query).
  report: { charts: [{ family: 'throughput' }, { family: 'latency-percentiles' }], columns: { hide: ['ceiling'] } },
  // Measured: the query count read before and after (each waits 300 ms for it to settle) and the save.
  estimateCellSeconds: (_connections, duration) => duration + 0.9,
  writes: false,
  async preflight(server: RunningServer, rows: number) {
    const fix = `run 'verdict servers start ${server.manifest.name}' and check its log`;
    const found = await get(server, `/api/users/${rows}`);
    const user = found.body as { id?: unknown; name?: unknown; email?: unknown } | undefined;
    if (found.status !== 200 || user?.id !== rows || typeof user.name !== 'string' || typeof user.email !== 'string') {
      throw new VerdictError(
        `${server.manifest.name} answered GET /api/users/${rows} with ${found.status} ` +
          `${JSON.stringify(found.body)?.slice(0, 80)}, not 200 with user ${rows}`,
        fix,
      );
    }
    const missing = await get(server, `/api/users/${rows + 1}`);
    if (missing.status !== 404)
      throw new VerdictError(
        `${server.manifest.name} answered GET /api/users/${rows + 1} (no such user) with ${missing.status}, not 404`,
        fix,
      );
  },
  async run(context: CellContext): Promise<Measurement> {
    return measureClosedHttp(context, { kind: 'random-id', template: USER_BY_ID_TEMPLATE, min: 1, max: context.rows });
  },
};
