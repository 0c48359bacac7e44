/**
 * The websocket workload for k6: N held connections on the server's /ws chat room, and
 * broadcasts relayed by the server to all of them, each delivery timed from its send.
 *
 * It uses k6/websockets rather than k6/ws. @types/k6 types both; k6/ws is the older API whose
 * connect() blocks its VU for the socket's life and which k6's documentation no longer develops,
 * while k6/websockets is the maintained one: the browser's WebSocket API on k6's event loop, with
 * the k6/timers the sender's schedule needs, and no compression unless asked (the servers refuse
 * permessage-deflate, as verdict's preflight checks).
 *
 * Where it differs from verdict's driver, because the clients are spread over runners: verdict
 * sends the next broadcast once every client has the last (one fan-out at a time, on one clock);
 * across runners the sender cannot see the others' deliveries, so it broadcasts on a fixed
 * schedule, and a delivery's latency is the receiver's clock minus the sender's: on different
 * runners, their clock offset is in it. The server's memory per connection is not measured.
 */
import { REALTIME_LOSS_SHARE } from '../../claims/thresholds.js';
import { connectPhaseMs } from '../../load/held-connections.js';
import type { ScriptPlan } from './plan.js';
import {
  header,
  k6Duration,
  literal,
  scenarioName,
  settingsCode,
  startTimes,
  type ScriptSettings,
} from './script-parts.js';

/**
 * One broadcast a second: every delivery is one line of k6's JSON output, so at 10,000
 * connections that is 10,000 lines a second per level already.
 */
export const BROADCAST_INTERVAL_MS = 1_000;
/** Time after the last broadcast for its deliveries (verdict's driver gives a broadcast 5 s). */
const DELIVERY_GRACE_MS = 5_000;
/** Above the VU's own schedule: opening and closing its socket. */
const SCENARIO_SLACK_MS = 5_000;

export function websocketScript(plan: ScriptPlan, settings: ScriptSettings): string {
  if (plan.model.kind !== 'websocket') throw new Error(`websocketScript: ${plan.workload} is not a websocket workload`);
  const path = plan.model.path;
  const broadcasts = Math.max(1, Math.floor((plan.durationSeconds * 1000) / BROADCAST_INTERVAL_MS));
  // verdict's own bound on opening N connections; the VUs open theirs spread over its first half.
  const connectMs = (level: number) => Math.ceil(connectPhaseMs(level) / 1000) * 1000;
  const levelMs = (level: number) => connectMs(level) + broadcasts * BROADCAST_INTERVAL_MS + DELIVERY_GRACE_MS;
  const starts = startTimes(plan.levels, (level) => (levelMs(level) + SCENARIO_SLACK_MS) / 1000 + 1);
  const scenarios = plan.levels.map(
    (level, i) =>
      `    ${scenarioName(level)}: { executor: 'per-vu-iterations', vus: ${level}, iterations: 1, maxDuration: ` +
      `${literal(k6Duration((levelMs(level) + SCENARIO_SLACK_MS) / 1000))}, startTime: ` +
      `${literal(k6Duration(starts[i]!))}, gracefulStop: '1s', tags: tagsAt(${literal(String(level))}), env: { ` +
      `LEVEL: ${literal(String(level))}, CONNECT_MS: ${literal(String(connectMs(level)))} } },`,
  );
  const thresholds = plan.levels.flatMap((level) => [
    `    ${literal(`verdict_ws_connect_failed{level:${level}}`)}: [${literal(`rate<=${REALTIME_LOSS_SHARE}`)}],`,
  ]);
  return [
    ...header(plan, settings, [
      'Each level is a `per-vu-iterations` scenario: one VU per connection, one iteration that',
      "opens its socket, holds it and closes it. The scenario's first iteration in the test (one",
      `in the whole test, whatever the runners) sends ${broadcasts} broadcasts {seq, sentAt, marker}, one every ` +
        `${BROADCAST_INTERVAL_MS} ms,`,
      'once every VU has had time to connect; every VU records each delivery in',
      'verdict_ws_delivery_ms (latency from sentAt), and the broadcasts it missed in',
      'verdict_ws_lost_deliveries; verdict_ws_connect_failed counts sockets that did not open.',
      'Delivery latency across runners includes their clock offset: keep their clocks synchronised.',
    ]),
    "import exec from 'k6/execution';",
    "import { Counter, Rate, Trend } from 'k6/metrics';",
    "import { setInterval, clearInterval, setTimeout } from 'k6/timers';",
    "import { WebSocket } from 'k6/websockets';",
    "import type { Options } from 'k6/options';",
    '',
    `const WORKLOAD = ${literal(plan.workload)};`,
    ...settingsCode(settings, [
      `const WS_URL = \`\${BASE_URL.replace(/^http/, 'ws')}${path}\`;`,
      `const BROADCASTS = ${broadcasts};`,
      `const BROADCAST_INTERVAL_MS = ${BROADCAST_INTERVAL_MS};`,
      `const DELIVERY_GRACE_MS = ${DELIVERY_GRACE_MS};`,
    ]),
    '',
    "const deliveryMs = new Trend('verdict_ws_delivery_ms', true);",
    "const deliveries = new Counter('verdict_ws_deliveries');",
    "const lostDeliveries = new Counter('verdict_ws_lost_deliveries');",
    "const connectFailed = new Rate('verdict_ws_connect_failed');",
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
    'export default function (): void {',
    "  const level = __ENV.LEVEL || 'unknown';",
    '  const tags = tagsAt(level);',
    '  const connections = Number(level);',
    "  const connectMs = Number(__ENV.CONNECT_MS || '10000');",
    "  // Unique across the test's runners: it spreads the opens, and 0 is the one sender.",
    '  const iteration = exec.scenario.iterationInTest;',
    '  // The marker tells our broadcasts from anything else in the room (another test, say).',
    '  const marker = `verdict-k6-${WORKLOAD}-${level}`;',
    '  const openAt = (iteration / connections) * (connectMs / 2);',
    '  const closeAt = connectMs + BROADCASTS * BROADCAST_INTERVAL_MS + DELIVERY_GRACE_MS;',
    '',
    '  setTimeout(() => {',
    '    const socket = new WebSocket(WS_URL, null, { tags });',
    '    const seen = new Set<number>();',
    '    let opened = false;',
    '    let failed = false;',
    '    socket.onopen = () => {',
    '      opened = true;',
    '      connectFailed.add(false, tags);',
    '      if (iteration === 0) broadcast(socket, marker, connectMs - openAt);',
    '    };',
    '    socket.onerror = () => {',
    '      if (!opened && !failed) connectFailed.add(true, tags);',
    '      failed = true;',
    '    };',
    '    socket.onmessage = (event) => {',
    '      const receivedAt = Date.now();',
    "      const message = typeof event?.data === 'string' ? parseMessage(event.data) : undefined;",
    '      if (message === undefined || message.marker !== marker || seen.has(message.seq)) return;',
    '      seen.add(message.seq);',
    '      deliveryMs.add(receivedAt - message.sentAt, tags);',
    '      deliveries.add(1, tags);',
    '    };',
    '    setTimeout(() => {',
    '      if (opened) lostDeliveries.add(BROADCASTS - seen.size, tags);',
    '      else if (!failed) connectFailed.add(true, tags);',
    '      socket.close();',
    '    }, closeAt - openAt);',
    '  }, openAt);',
    '}',
    '',
    '/** BROADCASTS messages, one every BROADCAST_INTERVAL_MS, from `delayMs` on. */',
    'function broadcast(socket: WebSocket, marker: string, delayMs: number): void {',
    '  let seq = 0;',
    '  setTimeout(() => {',
    '    const timer = setInterval(() => {',
    '      socket.send(JSON.stringify({ seq, sentAt: Date.now(), marker }));',
    '      seq += 1;',
    '      if (seq >= BROADCASTS) clearInterval(timer);',
    '    }, BROADCAST_INTERVAL_MS);',
    '  }, Math.max(0, delayMs));',
    '}',
    '',
    'function parseMessage(data: string): { seq: number; sentAt: number; marker: string } | undefined {',
    '  try {',
    '    const value = JSON.parse(data) as { seq?: unknown; sentAt?: unknown; marker?: unknown };',
    "    if (typeof value.seq !== 'number' || typeof value.sentAt !== 'number' || typeof value.marker !== " +
      "'string') return undefined;",
    '    return { seq: value.seq, sentAt: value.sentAt, marker: value.marker };',
    '  } catch {',
    '    return undefined;',
    '  }',
    '}',
    '',
  ].join('\n');
}
