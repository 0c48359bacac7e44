/**
 * GET /api/fanout?n=K: each request makes K concurrent calls to a downstream stub with a fixed
 * 20 ms delay and sums the answers (tuned servers only). The stub is started once per run, in its
 * own process on the load generator's CPU (setup); every server gets its URL and the same client
 * pool size. Each cell also counts the calls the stub answered, so K calls per request is
 * verified rather than assumed (as queries per request are), and records the stub's CPU, so a
 * stub that became the bottleneck would be seen.
 */
import { VerdictError } from '../core/errors.js';
import { startDownstreamStub, type DownstreamStub } from '../load/downstream.js';
import { startGroupSampler } from '../measure/proc.js';
import type { RunningServer } from '../servers/process.js';
import { sleep } from '../util/system.js';
import { closedHttpLoad, httpMeasurement } from './http-measurement.js';
import type { CellContext, Measurement, SetupContext, Workload, WorkloadResources } from './types.js';

export const FANOUT_DELAY_MS = 20;
export const FANOUT_WIDTHS = [1, 10, 50] as const;
/**
 * Connections from the load generator. 20 requests at a time keep a server busy (at 20 ms a
 * call, up to 1,000 requests/s at K = 1 and 10,000 calls/s at K = 10: the runtimes' HTTP
 * clients, not the delay, set the pace from K = 10) without making the pool huge.
 */
export const FANOUT_CONNECTIONS = 20;
/** Each server's client pool: connections x the widest K, so no downstream call waits for a socket. */
export const DOWNSTREAM_POOL_SIZE = FANOUT_CONNECTIONS * Math.max(...FANOUT_WIDTHS);

/** The run's stub, between setup() and its stop(). */
let stub: DownstreamStub | undefined;

/** Reads the stub's counter once it stops moving: calls still in flight at the end belong to this cell. */
async function settledAnswered(current: DownstreamStub): Promise<number> {
  let last = await current.answered();
  for (let i = 0; i < 20; i += 1) {
    await sleep(FANOUT_DELAY_MS * 3);
    const now = await current.answered();
    if (now === last) break;
    last = now;
  }
  return last;
}

export const fanoutWorkload: Workload = {
  name: 'fanout',
  summary: `GET /api/fanout?n=K: K concurrent calls to a ${FANOUT_DELAY_MS} ms downstream stub per request`,
  levelLabel: 'connections',
  levels: { default: [FANOUT_CONNECTIONS], quick: [FANOUT_CONNECTIONS] },
  // K is the dimension measured; the connection count is fixed (and sizes the client pools).
  fixedLevels: true,
  // --quick: one short cell at K = 10 (the claim's smallest fan-out). It keeps its warm-up: no
  // earlier workload warmed the HTTP client, and a cold node-fastify served about half its
  // warm rate in its first 2 s here (JIT, sockets to the stub), Python barely less. It runs in
  // the users stage, on servers already started.
  quickJoins: 'users',
  parameterSets: (quick) => (quick ? [{ k: 10 }] : FANOUT_WIDTHS.map((k) => ({ k }))),
  appliesTo: (manifest) => manifest.workloads.includes('fanout'),
  countsQueries: false,
  report: {
    charts: [{ family: 'fanout' }],
    // No database behind it; calls per request are counted at the downstream stub (K when every
    // call was made), and the stub's CPU shows it was not the bottleneck. At small K the 20 ms
    // downstream delay, not the CPU, sets the pace, so an idle server CPU is expected.
    columns: {
      hide: ['ceiling'],
      extra: [{ metric: 'downstreamCallsPerRequest' }, { metric: 'stubCpuPercent' }],
      keepsServerBusy: false,
    },
  },
  // Measured: no query count to settle, only the stub's counter (a few 60 ms polls) and the save.
  estimateCellSeconds: (_connections, duration) => duration + 0.3,
  writes: false,

  async setup(context: SetupContext): Promise<WorkloadResources> {
    const started = await startDownstreamStub({ delayMs: FANOUT_DELAY_MS, cpus: context.generatorCpus });
    stub = started;
    return {
      env: { DOWNSTREAM_URL: started.url, DOWNSTREAM_POOL_SIZE: String(DOWNSTREAM_POOL_SIZE) },
      facts: {
        'fanout downstream':
          `verdict's stub (Node, raw HTTP/1.1 on keep-alive sockets), its own process` +
          `${started.pinnedTo ? ` pinned to CPU ${started.pinnedTo}` : ''}, a fixed ${FANOUT_DELAY_MS} ms delay ` +
          `per call`,
        'fanout client pool':
          `${DOWNSTREAM_POOL_SIZE} connections on every server (${FANOUT_CONNECTIONS} connections x K up to ` +
          `${Math.max(...FANOUT_WIDTHS)}: no call waits for a socket)`,
      },
      async stop() {
        if (stub === started) stub = undefined;
        await started.stop();
      },
    };
  },

  async preflight(server: RunningServer) {
    const fix =
      `check that the bench started the downstream stub and the server's log ('verdict servers start ` +
      `${server.manifest.name}')`;
    const k = 10;
    const response = await fetch(`${server.url}/api/fanout?n=${k}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json().catch(() => undefined)) as
      | { k?: unknown; succeeded?: unknown; sum?: unknown }
      | undefined;
    // Call i answers i + 1: the sum is right only when every call was made and answered once.
    const expected = (k * (k + 1)) / 2;
    if (response.status !== 200 || body?.k !== k || body.succeeded !== k || body.sum !== expected) {
      throw new VerdictError(
        `${server.manifest.name} answered GET /api/fanout?n=${k} with ${response.status} ` +
          `${JSON.stringify(body)?.slice(0, 100)}, not 200 with k ${k}, succeeded ${k}, sum ${expected}`,
        fix,
      );
    }
  },

  async run(context: CellContext): Promise<Measurement> {
    const current = stub;
    if (!current)
      throw new VerdictError(
        'the fan-out downstream stub is not running',
        'the bench starts it in the workload setup; run fanout through verdict bench',
      );
    const k = Number(context.parameters.k);
    const before = await settledAnswered(current);
    const stubUsage = startGroupSampler(current.pid);
    const { result, generatorCpuPercent } = await closedHttpLoad(context, {
      kind: 'fixed',
      path: `/api/fanout?n=${k}`,
    });
    const usage = stubUsage.stop();
    const answered = (await settledAnswered(current)) - before;
    return httpMeasurement(result, generatorCpuPercent, {
      // Calls the stub answered per request sent (requests in flight at the end included): K when every request fanned
      // out fully.
      downstreamCallsPerRequest: result.sent > 0 ? Math.round((answered / result.sent) * 1000) / 1000 : null,
      downstreamDelayMs: current.delayMs,
      stubCpuPercent: Math.round(usage.cpuPercent * 10) / 10,
    });
  },
};
