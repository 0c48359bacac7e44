/**
 * The guide's endpoint: GET /api/users, which runs `SELECT id, name, email FROM users LIMIT 50`.
 */
import { VerdictError } from '../core/errors.js';
import type { RunningServer } from '../servers/process.js';
import type { CellContext, Measurement, Workload } from './types.js';
import { measureClosedHttp } from './http-measurement.js';

export const usersWorkload: Workload = {
  name: 'users',
  summary: "GET /api/users: the guide's endpoint, 50 rows from PostgreSQL per request",
  levelLabel: 'connections',
  // 10 and 100 are normal traffic (under a few hundred connections), 1,000 the high end. Every
  // server runs every level in interleaved rounds with its A/A pair; three levels are what the
  // ten-minute default affords while leaving --budget for the comparisons still open (--levels
  // adds more: 250 is a good one). --quick measures 100 alone, normal traffic where the servers
  // differ most, once per server.
  levels: { default: [10, 100, 1000], quick: [100] },
  parameterSets: () => [{}],
  appliesTo: () => true,
  countsQueries: true,
  report: { charts: [{ family: 'throughput' }, { family: 'latency-percentiles' }] },
  writes: false,
  async preflight(server: RunningServer) {
    const response = await fetch(`${server.url}/api/users`, { signal: AbortSignal.timeout(10_000) });
    const body: unknown = await response.json().catch(() => undefined);
    const users = Array.isArray(body) ? body : (body as { users?: unknown } | undefined)?.users;
    if (response.status !== 200 || !Array.isArray(users) || users.length !== 50) {
      throw new VerdictError(
        `${server.manifest.name} answered GET /api/users with ${response.status} and ` +
          `${Array.isArray(users) ? users.length : 'no'} users, not 200 with 50`,
        `run 'verdict servers start ${server.manifest.name}' and check its log`,
      );
    }
  },
  async run(context: CellContext): Promise<Measurement> {
    return measureClosedHttp(context, { kind: 'fixed', path: '/api/users' });
  },
};
