/**
 * Before anything is measured, every target must answer each selected workload the way the
 * servers verdict starts do: the workload's own preflight (the check the bench runs on its servers
 * after they start: status, shape, the rows or events expected), and JSON sent as JSON. A target
 * that does not is refused with the reason, so no run measures a server answering something else.
 */
import { ExitCode, VerdictError } from '../core/errors.js';
import type { RunningServer } from '../servers/process.js';
import type { Workload } from '../workloads/index.js';

const TIMEOUT_MS = 10_000;

/**
 * The JSON endpoint of each request/response workload, for the content-type check (the
 * preflights parse the body whatever its type; a client of the real service would not).
 */
const JSON_ENDPOINTS: Record<string, (rows: number) => string> = {
  users: () => '/api/users',
  'users-unvalidated': () => '/api/users-unvalidated',
  'user-by-id': (rows) => `/api/users/${rows}`,
  'users-open': () => '/api/users',
  'user-by-id-open': (rows) => `/api/users/${rows}`,
};

const isJson = (contentType: string) => /^application\/json\b/i.test(contentType);

/** Why the server's answer to the workload is not the contract's, or null when it is. */
export async function contractProblem(server: RunningServer, workload: Workload, rows: number): Promise<string | null> {
  try {
    await workload.preflight(server, rows);
    const path = JSON_ENDPOINTS[workload.name]?.(rows);
    if (path) {
      const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.arrayBuffer();
      const type = response.headers.get('content-type') ?? '';
      if (!isJson(type)) return `GET ${path} answered with content type '${type || 'none'}', not application/json`;
    }
    return null;
  } catch (error) {
    // A preflight's message names what was wrong; its fix is for verdict's own servers.
    // fetch says only 'fetch failed'; its cause says why (ECONNREFUSED, a bad port, ...).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${(error as Error).message} (${detail})` : (error as Error).message;
  }
}

/**
 * Checks every target on every workload; throws one line naming each failure and, where some
 * workloads passed everywhere, the --workloads that measures just those.
 */
export async function checkTargets(
  servers: readonly RunningServer[],
  workloads: readonly Workload[],
  rows: number,
): Promise<void> {
  const failures: { server: RunningServer; workload: Workload; problem: string }[] = [];
  for (const server of servers) {
    // A workload a target cannot declare (compute's implementations) is recorded as not implemented, not checked.
    for (const workload of workloads.filter((w) => w.appliesTo(server.manifest))) {
      const problem = await contractProblem(server, workload, rows);
      if (problem) failures.push({ server, workload, problem });
    }
  }
  if (failures.length === 0) return;
  const what = failures
    .map(
      (f) =>
        `target ${f.server.manifest.name} (${f.server.url}) fails the ${f.workload.name} contract: ` +
        `${f.problem.replace(/\s+/g, ' ')}`,
    )
    .join('; ');
  const passing = workloads.filter((w) => !failures.some((f) => f.workload === w)).map((w) => w.name);
  const failing = [...new Set(failures.map((f) => f.workload.name))];
  const fix = passing.length
    ? `nothing was measured; fix the target, or leave out ${failing.join(', ')} with --workloads ${passing.join(',')}`
    : `nothing was measured; fix the target so that it answers as verdict's servers do (see verdict servers start ` +
      `node-fastify), or choose workloads it offers with --workloads`;
  throw new VerdictError(what, fix, ExitCode.usage);
}
