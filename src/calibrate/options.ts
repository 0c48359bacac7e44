/**
 * What `verdict calibrate` runs, as plain options, and its defaults. The flags that set them are
 * read and checked in src/commands/calibrate-options.ts, before anything starts.
 */
import type { ServerManifest } from '../servers/manifest.js';
import type { CalibrationPlan } from './measure.js';

/**
 * Five rounds of 2 s at 10, 100 and 1,000 connections with the three drivers: about two minutes
 * on 2 cores. Five paired rounds give a t interval (4 degrees of freedom) narrow enough to tell a
 * 10% difference on this kind of machine; three left most levels undecided.
 */
export const CALIBRATE_DEFAULTS = {
  levels: [10, 100, 1000],
  rounds: 5,
  durationSeconds: 2,
  warmupSeconds: 1,
  timeoutSeconds: 8,
} as const;

export interface CalibrateOptions {
  plan: CalibrationPlan;
  server: ServerManifest | null;
  out: string;
  json: boolean;
  rows: number;
  databaseUrl?: string;
  python?: string;
  pin: boolean;
}
