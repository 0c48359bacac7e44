/**
 * GET /api/users-unvalidated: the users workload against the same query and the same response
 * bytes with response validation switched off (tuned servers only). Read beside `users` at the
 * same level, it prices validation: the guide says FastAPI's comes "at no extra cost".
 */
import { VerdictError } from '../core/errors.js';
import type { RunningServer } from '../servers/process.js';
import { measureClosedHttp } from './http-measurement.js';
import type { CellContext, Measurement, Workload } from './types.js';

async function text(server: RunningServer, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

export const usersUnvalidatedWorkload: Workload = {
  name: 'users-unvalidated',
  summary: 'GET /api/users-unvalidated: /api/users with response validation off, to price it',
  levelLabel: 'connections',
  // Compared with users at the same level; 100 connections is within the guide's "normal traffic".
  levels: { default: [100], quick: [100] },
  // Its arms run in the users rounds at 100 connections, paired round by round with users.
  joins: 'users',
  // --quick: the server is warm from the users warm-up of the same stage; one short cell.
  quickWarmup: false,
  parameterSets: () => [{}],
  appliesTo: (manifest) => manifest.workloads.includes('users-unvalidated'),
  countsQueries: true,
  // Beside users in the throughput chart; its latency is the users workload's.
  report: { charts: [{ family: 'throughput' }] },
  // Measured: the query count read before and after (each waits 300 ms for it to settle) and the save.
  estimateCellSeconds: (_connections, duration) => duration + 0.9,
  writes: false,
  async preflight(server: RunningServer) {
    // Only validation may differ: the answer must be the same bytes as the validated endpoint's.
    const [validated, unvalidated] = [await text(server, '/api/users'), await text(server, '/api/users-unvalidated')];
    if (unvalidated.status !== 200 || unvalidated.body !== validated.body) {
      throw new VerdictError(
        `${server.manifest.name}: GET /api/users-unvalidated answered ${unvalidated.status} with ` +
          `${unvalidated.body.length} bytes that differ from GET /api/users (${validated.status}, ` +
          `${validated.body.length} bytes)`,
        'both endpoints must send the same response; fix the server',
      );
    }
  },
  async run(context: CellContext): Promise<Measurement> {
    return measureClosedHttp(context, { kind: 'fixed', path: '/api/users-unvalidated' });
  },
};
