/**
 * k6's JSON output (`k6 run --out json=FILE`), one object a line:
 *   {"type":"Metric","data":{"type":"trend","contains":"time",...},"metric":"http_req_duration"}
 *   {"type":"Point","data":{"time":"2026-11-30T10:00:00.123456789Z","value":1.23,"tags":{...}},
 *    "metric":"http_req_duration"} (on one line)
 * Trend values of time metrics are milliseconds; a Rate metric's value is 1 (true) or 0 (false).
 * https://grafana.com/docs/k6/latest/results-output/real-time/json/
 */

/** The metrics an import reads; every other line (vus, data_sent, iteration_duration, ...) is skipped. */
export const READ_METRICS = ['http_req_duration', 'http_req_failed', 'checks'] as const;
export type ReadMetric = (typeof READ_METRICS)[number];

export interface K6Point {
  metric: ReadMetric;
  /** Microseconds since the epoch. */
  timeUs: number;
  value: number;
  tags: Record<string, string>;
}

export type K6Line =
  | { kind: 'point'; point: K6Point }
  /** A Metric declaration, or a Point of a metric the import does not read. */
  | { kind: 'other' }
  | { kind: 'malformed'; why: string };

/**
 * RFC 3339 with up to nanoseconds, as Go writes it (k6 is Go): Date.parse keeps milliseconds only,
 * so the fraction is read separately and kept to the microsecond.
 */
export function parseTimeUs(text: string): number | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (!Number.isFinite(seconds)) return undefined;
  const fractionUs = match[2] ? Number(match[2].slice(0, 6).padEnd(6, '0')) : 0;
  return seconds * 1000 + fractionUs;
}

function stringTags(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return {};
  const tags: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw))
    if (value !== null && value !== undefined) tags[name] = String(value);
  return tags;
}

const NAMED = READ_METRICS.map((name) => `"${name}"`);

export function parseK6Line(line: string): K6Line {
  // Most lines are metrics the import skips (http_reqs, data_*, iterations, vus): a whole line of
  // one of them (an object from brace to brace) naming none of the read metrics is not parsed.
  // A runner's file holds millions of lines, and parsing costs more than reading.
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}') && !NAMED.some((name) => trimmed.includes(name)))
    return { kind: 'other' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { kind: 'malformed', why: `not JSON (${(error as Error).message})` };
  }
  const object = raw as {
    type?: unknown;
    metric?: unknown;
    data?: { time?: unknown; value?: unknown; tags?: unknown };
  } | null;
  if (
    typeof object !== 'object' ||
    object === null ||
    (object.type !== 'Point' && object.type !== 'Metric') ||
    typeof object.metric !== 'string'
  ) {
    return { kind: 'malformed', why: 'not a k6 "Metric" or "Point" line' };
  }
  if (object.type === 'Metric' || !(READ_METRICS as readonly string[]).includes(object.metric))
    return { kind: 'other' };
  const data = object.data ?? {};
  const timeUs = typeof data.time === 'string' ? parseTimeUs(data.time) : undefined;
  if (timeUs === undefined) return { kind: 'malformed', why: `a ${object.metric} point without a valid "time"` };
  if (typeof data.value !== 'number' || !Number.isFinite(data.value) || data.value < 0)
    return { kind: 'malformed', why: `a ${object.metric} point without a valid "value"` };
  return {
    kind: 'point',
    point: { metric: object.metric as ReadMetric, timeUs, value: data.value, tags: stringTags(data.tags) },
  };
}
