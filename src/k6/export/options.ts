/**
 * What `verdict export k6` writes, as plain options, and its defaults. The flags that set them are
 * read and checked in src/commands/export-options.ts, before anything is written.
 */
import type { Workload } from '../../workloads/index.js';

/**
 * Seconds per level. verdict's own 2 s cells rely on many interleaved rounds on one machine; a
 * k6-operator run is one trial per level on runners that start within moments of each other, so
 * each level runs long enough for that start, and the runners' clock offsets, to be small beside it.
 */
export const DEFAULT_EXPORT_SECONDS = 30;
export const DEFAULT_PARALLELISM = 4;
/** k6-operator's own default image; pin a version (TypeScript needs k6 v0.57 or later). */
export const DEFAULT_IMAGE = 'grafana/k6:latest';
export const DEFAULT_RESULTS_SIZE = '1Gi';

export interface ExportOptions {
  out: string;
  baseUrl?: string;
  server?: string;
  runtime?: 'node' | 'python';
  workloads: Workload[];
  connections?: number[];
  rates?: number[];
  durationSeconds: number;
  timeoutSeconds: number;
  rows: number;
  parallelism: number;
  image: string;
  resultsSize: string;
  force: boolean;
  json: boolean;
}
