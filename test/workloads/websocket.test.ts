/**
 * The websocket workload against both real tuned servers (and the real embedded PostgreSQL they
 * need to start): compression refused, N connections held with the server's memory growth read
 * from /proc, every broadcast delivered to every connection with a sane latency; the same through
 * the real load generator process and the workload module; and a level the open-file limit
 * cannot hold is a skipped cell that says why.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGenerators } from '../../src/load/index.js';
import { groupRssMb } from '../../src/load/held-connections.js';
import { readSeq, runWebsocket } from '../../src/load/websocket-driver.js';
import type { RunningServer } from '../../src/servers/process.js';
import { openFilesShortfall } from '../../src/util/open-files.js';
import { CellSkipped } from '../../src/workloads/index.js';
import { websocketWorkload } from '../../src/workloads/websocket.js';
import { serversImplementing, startServerUnderTest } from '../support/servers.js';

const suite = await serversImplementing(websocketWorkload);
const implementing = suite.implementing;

it('both tuned servers implement it', () => {
  expect(implementing.map((m) => m.name).sort()).toEqual(['node-fastify', 'python-fastapi-tuned']);
});

describe.each(implementing.map((m) => [m.name] as const))('%s', (name) => {
  const server = () => suite.server(name);

  it('refuses permessage-deflate and relays a message to every client (preflight)', async () => {
    await websocketWorkload.preflight(server(), 100);
    // The same directly: a client that offers compression gets none.
    const socket = new WebSocket(`${server().url.replace('http', 'ws')}/ws`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    expect(socket.extensions).toBe('');
    socket.terminate();
  });

  it('holds 1,000 connections, reads their memory, and delivers every broadcast to all of them', async () => {
    const before = groupRssMb(server().pid);
    const result = await runWebsocket({
      kind: 'websocket',
      url: `${server().url.replace('http', 'ws')}/ws`,
      connections: 1_000,
      serverPid: server().pid,
      durationSeconds: 1,
      connectTimeoutSeconds: 5,
    }).done;
    console.log(
      `[websocket] ${name}: ${result.kbPerConnection?.toFixed(1)} KiB/conn, ${result.broadcasts} broadcasts, ` +
        `p50 ${result.latencyMs?.p50} ms, p99 ${result.latencyMs?.p99} ms, server CPU ` +
        `${result.serverBroadcastCpuPercent.toFixed(0)}%, generator ` +
        `${result.generatorBroadcastCpuPercent.toFixed(0)}%`,
    );
    expect(result.connected).toBe(1_000);
    expect(result.connectErrors).toBe(0);
    expect(result.dropped).toBe(0);
    expect(result.broadcasts).toBeGreaterThanOrEqual(3);
    expect(result.deliveries).toBe(result.broadcasts * 1_000);
    expect(result.lostDeliveries).toBe(0);
    expect(result.unexpectedMessages).toBe(0);
    // The memory read is the server's (its whole process group), and holding connections costs
    // some: at 150 connections a heap's spare room once absorbed all of it (the same RSS before
    // and after), so 1,000 are held, enough to show; only more than none, and far less than a MiB each.
    expect(Math.abs(result.rssBeforeMb - before)).toBeLessThan(20);
    expect(result.rssHeldMb).toBeGreaterThan(result.rssBeforeMb);
    expect(result.kbPerConnection!).toBeGreaterThan(0);
    expect(result.kbPerConnection!).toBeLessThan(1024);
    expect(result.latencyMs!.p50).toBeGreaterThan(0);
    expect(result.latencyMs!.p99).toBeLessThan(2_000);
    expect(result.messagesPerSecond!).toBeCloseTo(result.deliveries / result.broadcastSeconds, 6);
  });
});

it('runs through the load generator process as a cell measurement with the contract metrics', async () => {
  const generators = await createGenerators('autocannon');
  try {
    const server = suite.server('python-fastapi-tuned');
    const measurement = await websocketWorkload.run({
      server,
      database: suite.database(),
      http: generators.http,
      node: generators.node,
      connections: 60,
      parameters: {},
      durationSeconds: 1,
      timeoutSeconds: 5,
      rows: 100,
      earlierCells: [],
    });
    const m = measurement.metrics!;
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining([
        'kbPerConnection',
        'connectErrors',
        'messagesPerSecond',
        'deliveryP50Ms',
        'deliveryP99Ms',
        'rssBeforeMb',
        'rssAfterMb',
      ]),
    );
    expect(m.connectErrors).toBe(0);
    expect(m.permessageDeflate).toBe(0);
    expect(measurement.requestsPerSecond).toBe(m.messagesPerSecond);
    expect(measurement.latencyMs?.p50).toBe(m.deliveryP50Ms);
    expect(measurement.requests).toBe(m.broadcasts! * 60);
    expect(measurement.errors + measurement.timeouts).toBe(0);
    expect(m.kbPerConnection).toBeCloseTo(((m.rssAfterMb! - m.rssBeforeMb!) * 1024) / 60, 6);
    expect(measurement.generatorCpuPercent).toBeGreaterThan(0);
  } finally {
    await generators.close();
  }
});

it('a level beyond the open-file limit is a skipped cell that says why', async () => {
  // A process with a soft and hard limit of 256 stands in for a server started on such a system.
  const child = spawn('prlimit', ['--nofile=256:256', 'sleep', '30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reason = openFilesShortfall(child.pid!, 'the server', 1_000);
    expect(reason).toMatch(
      /^the server can open 256 files but 1,000 connections need about 1,\d{3}: its hard limit is 256; raise it/,
    );
    const fake = { ...suite.server('node-fastify'), pid: child.pid! } as RunningServer;
    const cell = websocketWorkload.run({
      server: fake,
      database: suite.database(),
      http: undefined as never,
      node: undefined as never,
      connections: 1_000,
      parameters: {},
      durationSeconds: 1,
      timeoutSeconds: 5,
      rows: 100,
      earlierCells: [],
    });
    await expect(cell).rejects.toBeInstanceOf(CellSkipped);
    await expect(cell).rejects.toThrow(/not measured: the server can open 256 files/);
  } finally {
    child.kill();
  }
});

it('a server running several processes (--workers 2) is a skipped cell: its room is per process', async () => {
  const manifest = implementing.find((m) => m.name === 'node-fastify')!;
  const server = await startServerUnderTest(manifest, suite.database(), { workers: 2 });
  try {
    const cell = websocketWorkload.run({
      server,
      database: suite.database(),
      http: undefined as never,
      node: undefined as never,
      connections: 10,
      parameters: {},
      durationSeconds: 1,
      timeoutSeconds: 5,
      rows: 100,
      earlierCells: [],
    });
    await expect(cell).rejects.toBeInstanceOf(CellSkipped);
    await expect(cell).rejects.toThrow(/runs 3 processes \(--workers\).*run with --workers 1$/);
  } finally {
    await server.stop();
  }
});

it('reads the sequence number of a relayed broadcast and nothing else', () => {
  expect(readSeq(Buffer.from('{"seq":42,"sentAt":1764150000123.456}'))).toBe(42);
  expect(readSeq(Buffer.from('{"seq":,"sentAt":1}'))).toBeUndefined();
  expect(readSeq(Buffer.from('{"other":1}'))).toBeUndefined();
  expect(readSeq(Buffer.from('{"seq":7'))).toBeUndefined();
});
