/**
 * Latency recording at microsecond resolution. autocannon's own histogram records whole
 * milliseconds, which hides the difference between a 1.2 ms and a 1.9 ms median.
 */
import * as hdr from 'hdr-histogram-js';
import type { Latency } from '../results/schema.js';

export interface LatencyRecorder {
  recordMs(ms: number): void;
  count(): number;
  summary(): Latency | null;
  /** The histogram, compressed, to be merged with others (mergeLatency); null when empty. */
  encode(): string | null;
}

// 1 µs to 10 minutes, 3 significant digits: about 0.1% error at every scale.
const build = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });

function summarise(histogram: hdr.Histogram): Latency | null {
  if (histogram.totalCount === 0) return null;
  const at = (percentile: number) => histogram.getValueAtPercentile(percentile) / 1000;
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: histogram.maxValue / 1000,
    mean: histogram.mean / 1000,
  };
}

export function createLatencyRecorder(): LatencyRecorder {
  const histogram = build();
  return {
    recordMs(ms: number) {
      histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    },
    count: () => histogram.totalCount,
    summary: () => summarise(histogram),
    encode: () => (histogram.totalCount === 0 ? null : hdr.encodeIntoCompressedBase64(histogram)),
  };
}

/** The latency of several recorders' histograms together (several generator processes of one run). */
export function mergeLatency(encoded: readonly (string | null)[]): Latency | null {
  const merged = build();
  for (const one of encoded) if (one) merged.add(hdr.decodeFromCompressedBase64(one));
  return summarise(merged);
}
