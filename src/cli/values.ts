/**
 * Typed readers for flag values. Each throws a UsageError that names the flag and what it
 * accepts, so validation can run before anything is started.
 */
import { UsageError } from '../core/errors.js';
import type { FlagValue } from './args.js';

export function stringFlag(flags: Record<string, FlagValue>, name: string): string | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${name} needs a value`);
  return value;
}

export function booleanFlag(flags: Record<string, FlagValue>, name: string): boolean {
  return flags[name] === true;
}

export function integerValue(name: string, raw: string, range: { min: number; max: number }): number {
  const value = Number(raw.trim());
  if (!/^[+]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be a whole number from ${range.min} to ${range.max}, got '${raw}'`);
  }
  return value;
}

export function integerListValue(name: string, raw: string, range: { min: number; max: number }): number[] {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw new UsageError(`--${name} must be a comma-separated list of whole numbers, got '${raw}'`);
  }
  const values = parts.map((part) => integerValue(name, part, range));
  return [...new Set(values)];
}

const durationUnits: Record<string, number> = { ms: 0.001, s: 1, m: 60 };

/** Accepts `10`, `10s`, `500ms`, `2m`; returns seconds. */
export function durationValue(name: string, raw: string, range: { min: number; max: number }): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * durationUnits[match[2] ?? 's']! : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < range.min || seconds > range.max) {
    throw new UsageError(
      `--${name} must be a duration from ${range.min}s to ${range.max}s such as 10s or 500ms, got '${raw}'`,
    );
  }
  return seconds;
}

export function enumValue<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

/** A comma-separated list whose members must all be known; unknown names are listed in the error. */
export function namesValue(name: string, raw: string, known: readonly string[]): string[] {
  const names = [
    ...new Set(
      raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new UsageError(`--${name} needs at least one name; choose from ${known.join(', ')}`);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(`--${name}: unknown ${unknown.join(', ')}; choose from ${known.join(', ')}`);
  }
  return names;
}
