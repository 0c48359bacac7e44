/** Small HTTP probes for contract tests: what a client actually sees, including no answer at all. */

export interface Answer {
  kind: 'answer';
  status: number;
  contentType: string;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
  elapsedMs: number;
}

export interface NoAnswer {
  kind: 'no-answer';
  /** e.g. ECONNREFUSED, or 'timeout'. */
  error: string;
  elapsedMs: number;
}

export type Probe = Answer | NoAnswer;

export async function probe(url: string, timeoutMs = 5_000): Promise<Probe> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(Math.ceil(timeoutMs)) });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown;
    if (/^application\/(.+\+)?json/.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { kind: 'answer', status: response.status, contentType, text, json, elapsedMs: performance.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const name = (error as Error).name;
    const reason = name === 'TimeoutError' ? 'timeout' : (cause?.code ?? (error as Error).message);
    return { kind: 'no-answer', error: reason, elapsedMs: performance.now() - started };
  }
}

/** Asks until an answer matches or the time is up; returns the last probe and when it came. */
export async function probeUntil(
  url: string,
  accept: (p: Probe) => boolean,
  withinMs: number,
): Promise<{ last: Probe; afterMs: number }> {
  const started = performance.now();
  let last: Probe;
  do {
    const remaining = Math.max(100, Math.ceil(withinMs - (performance.now() - started)));
    last = await probe(url, remaining);
    if (accept(last)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (performance.now() - started < withinMs);
  return { last, afterMs: performance.now() - started };
}

/** One line for test output: what the server did. */
export function describeProbe(p: Probe): string {
  if (p.kind === 'no-answer') return `no answer (${p.error}) after ${Math.round(p.elapsedMs)} ms`;
  const body = p.text.length > 160 ? `${p.text.slice(0, 160)}…` : p.text;
  return `${p.status} ${p.contentType || '(no content type)'} ${JSON.stringify(body)} in ${Math.round(p.elapsedMs)} ms`;
}
