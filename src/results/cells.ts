/**
 * Builds result cells of each kind: completed from what was measured, errored with a reason, the
 * log tail and only what was measured before the error, skipped with a typed reason. They live in
 * results/, below every writer (bench/, import/) and what those call (calibrate/ uses `round`), so
 * no folder reaches up or sideways for them and the folders stay free of import loops.
 */
import type { Cell, CompletedCell, ErroredCell, SkippedCell, SkipReason } from './schema.js';

/** What names a cell, whatever became of it (see cellIdentityFields in schema.ts), but its start time. */
export type CellIdentity = Pick<
  Cell,
  'server' | 'runtime' | 'variant' | 'workload' | 'parameters' | 'connections' | 'round' | 'position' | 'block' | 'aa'
>;

/** A completed cell's figures. */
export type Measured = Omit<CompletedCell, keyof CellIdentity | 'outcome' | 'startedAt'>;

/** What an errored trial may have measured before the error; an absent figure was not measured. */
export type MeasuredBeforeError = Omit<
  ErroredCell,
  keyof CellIdentity | 'outcome' | 'startedAt' | 'reason' | 'logTail'
>;

export function completedCell(identity: CellIdentity, startedAt: string, measured: Measured): CompletedCell {
  return { ...identity, outcome: 'completed', startedAt, ...measured };
}

export function erroredCell(
  identity: CellIdentity,
  reason: string,
  logTail: string[],
  measured: MeasuredBeforeError & { startedAt?: string } = {},
): ErroredCell {
  const { startedAt, ...figures } = measured;
  return {
    ...identity,
    outcome: 'errored',
    reason,
    logTail,
    startedAt: startedAt ?? new Date().toISOString(),
    ...figures,
  };
}

/** A cell that was planned but not measured; its time is when it was recorded. */
export function skippedCell(identity: CellIdentity, reason: SkipReason): SkippedCell {
  return { ...identity, outcome: 'skipped', reason, startedAt: new Date().toISOString() };
}

/** Rounds a figure to `digits` decimals, as cells and calibrations record them. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
