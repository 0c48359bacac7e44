/**
 * The lean closed-model driver: N keep-alive connections, each writing its next GET the moment
 * the previous response is complete, as wrk does. It exists because autocannon, measured in ABAB
 * rounds on this kind of machine, read about 20% below wrk on the fastest server (node-fastify
 * 3,640-4,022 req/s against wrk's 4,612-5,173): autocannon's per-request CPU made the generator
 * part of what was measured. This driver does the least a closed model needs: a request buffer
 * built once (or one string per request for random ids), responses framed by the open-model
 * client's ResponseReader, no promise or event object per request, one timer for every deadline.
 *
 * Counting follows wrk, so the two agree on the same server: the window starts before the
 * connections open and ends at the duration; responses completed inside it are the throughput,
 * requests still in flight at the end are sent but not counted, a socket error or a close in the
 * middle of a response is an error, and a response not complete within the timeout is a timeout
 * (that socket is closed, since its late answer could not be told from the next one's). Latency
 * runs from the write of a request to the last byte of its response, into an HDR histogram.
 */
import { connect, type Socket } from 'node:net';
import { createLatencyRecorder, type LatencyRecorder } from './histogram.js';
import { LeanHttpError, ResponseReader } from './lean-http-client.js';
import type { ClosedHttpJob, HttpLoadResult, PathSpec, RunningLoad } from './types.js';

/** The lean driver's result: the HTTP figures plus its histogram, so results of several processes merge. */
export interface LeanClosedResult extends HttpLoadResult {
  /** The latency histogram (microseconds), hdr-histogram-js compressed base64. */
  histogram: string | null;
}

/**
 * One read buffer for every socket of the process (reads run one at a time on its one thread);
 * the reader copies out what it must keep. 64 KiB holds a whole response of every workload.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * After a connection could not even be opened, wait this long before the next attempt (no busy loop on a dead server).
 */
const RECONNECT_DELAY_MS = 50;

/**
 * The request wrk sends, byte for byte (a request line and Host): a server parses exactly what it
 * parses for wrk, so any difference between the two drivers is the drivers'.
 */
function requestMaker(spec: PathSpec, host: string): () => Buffer | string {
  const head = (path: string) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
  if (spec.kind === 'fixed') {
    const fixed = Buffer.from(head(spec.path), 'latin1');
    return () => fixed;
  }
  const span = spec.max - spec.min + 1;
  return () => head(spec.template.replace('{id}', String(spec.min + Math.floor(Math.random() * span))));
}

interface Tally {
  responses: number;
  sent: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status: Uint32Array;
  latency: LatencyRecorder;
}

class ClosedConnection {
  /** The open socket; undefined while waiting to reconnect. */
  private socket: Socket | undefined;
  private reader = new ResponseReader();
  private sentAt = 0;
  /** performance.now() time by which the response in flight is overdue; 0 when none is. */
  deadline = 0;
  private everConnected = false;
  private retired = false;

  constructor(private readonly loop: ClosedLoop) {
    this.socket = this.open();
  }

  private open(): Socket {
    this.reader = new ResponseReader();
    this.everConnected = false;
    // `onread` reads into one buffer shared by every socket of the process, instead of a new Buffer
    // and a stream 'data' event per read: the single largest saving per request (see READ_BUFFER).
    const socket: Socket = connect({
      host: this.loop.host,
      port: this.loop.port,
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (bytes: number) => {
          this.onData(socket, READ_BUFFER.subarray(0, bytes));
          return true;
        },
      },
    });
    socket.on('connect', () => {
      this.everConnected = true;
      this.send();
    });
    socket.on('error', () => undefined); // the 'close' that follows decides what it was
    socket.on('close', () => this.onClose(socket));
    return socket;
  }

  private send(): void {
    if (this.loop.stopped) return;
    this.sentAt = performance.now();
    this.deadline = this.sentAt + this.loop.timeoutMs;
    this.loop.tally.sent += 1;
    this.socket!.write(this.loop.nextRequest());
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (socket !== this.socket || this.loop.stopped) return;
    let finished;
    try {
      finished = this.reader.push(chunk);
    } catch (error) {
      // Bytes it cannot frame: count an error and start over on a new socket.
      if (!(error instanceof LeanHttpError)) throw error;
      this.fail(false);
      return;
    }
    if (!finished) {
      // The read buffer is shared and reused: keep a copy of the partial response.
      this.reader.detach();
      return;
    }
    const now = performance.now();
    const tally = this.loop.tally;
    this.deadline = 0;
    tally.responses += 1;
    tally.latency.recordMs(now - this.sentAt);
    const code = finished.response.statusCode;
    tally.status[code < 600 ? code : 0]! += 1;
    if (code < 200 || code > 299) tally.non2xx += 1;
    if (finished.closeAfter) this.reopen(0);
    else this.send();
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket || this.loop.stopped || this.retired) return;
    // Closed with a request outstanding (or before it could connect): an error, as wrk counts it.
    if (this.deadline !== 0 || !this.everConnected) this.loop.tally.errors += 1;
    this.deadline = 0;
    this.reopen(this.everConnected ? 0 : RECONNECT_DELAY_MS);
  }

  /** The response in flight is overdue: a timeout, and a fresh socket. */
  timedOut(): void {
    this.loop.tally.timeouts += 1;
    this.fail(true);
  }

  private fail(timeout: boolean): void {
    if (!timeout) this.loop.tally.errors += 1;
    this.deadline = 0;
    this.reopen(0);
  }

  private reopen(delayMs: number): void {
    const old = this.socket;
    // The old socket's 'close' must not count again: it is matched against this.socket.
    this.socket = undefined;
    old?.destroy();
    if (this.loop.stopped) return;
    const start = () => {
      if (!this.loop.stopped) this.socket = this.open();
    };
    if (delayMs > 0) setTimeout(start, delayMs).unref();
    else start();
  }

  close(): void {
    this.retired = true;
    this.socket?.destroy();
  }
}

class ClosedLoop {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly nextRequest: () => Buffer | string;
  readonly tally: Tally = {
    responses: 0,
    sent: 0,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    status: new Uint32Array(600),
    latency: createLatencyRecorder(),
  };
  stopped = false;
  private readonly connections: ClosedConnection[] = [];

  constructor(job: ClosedHttpJob) {
    const url = new URL(job.baseUrl);
    if (url.protocol !== 'http:')
      throw new Error(`the lean closed-model driver speaks plain http only, not ${url.protocol}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.timeoutMs = job.timeoutSeconds * 1000;
    this.nextRequest = requestMaker(job.path, url.host);
    for (let i = 0; i < job.connections; i += 1) this.connections.push(new ClosedConnection(this));
  }

  /** Times out every overdue response (one sweep for all connections, not a timer per request). */
  sweep(): void {
    const now = performance.now();
    for (const connection of this.connections)
      if (connection.deadline !== 0 && now > connection.deadline) connection.timedOut();
  }

  stop(): void {
    this.stopped = true;
    for (const connection of this.connections) connection.close();
  }
}

export function runLeanClosed(job: ClosedHttpJob): RunningLoad<LeanClosedResult> {
  let finish: () => void = () => {};
  const ended = new Promise<void>((resolve) => (finish = resolve));
  // wrk starts its clock before it connects; so does this, so both count the same window.
  const started = performance.now();
  const loop = new ClosedLoop(job);
  const sweeper = setInterval(() => loop.sweep(), Math.max(10, Math.min(250, loop.timeoutMs / 4)));
  const timer = setTimeout(finish, job.durationSeconds * 1000);
  const done = ended.then((): LeanClosedResult => {
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sweeper);
    clearTimeout(timer);
    // Requests still in flight are in `sent` and in no other count; wrk drops them too.
    const { tally } = loop;
    loop.stop();
    const statusCounts: Record<string, number> = {};
    tally.status.forEach((n, code) => {
      if (n > 0) statusCounts[String(code)] = n;
    });
    return {
      responses: tally.responses,
      sent: tally.sent,
      durationSeconds: seconds,
      errors: tally.errors,
      timeouts: tally.timeouts,
      non2xx: tally.non2xx,
      statusCounts,
      latencyMs: tally.latency.summary(),
      histogram: tally.latency.encode(),
    };
  });
  return { done, stop: finish };
}
