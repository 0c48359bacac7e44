/**
 * Calibration files: results/calibration/calibrate-<time>.json, validated on write and read. They
 * sit in a folder of their own inside the results folder so that `verdict report`, `verdict
 * decide` and the web app, which read the newest *.json of ./results as a results file, never
 * pick one up by mistake.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError, VerdictError } from '../core/errors.js';
import {
  CALIBRATION_SCHEMA_ID,
  CALIBRATION_VERSION,
  calibrationSchema,
  type Calibration,
} from '../results/calibration-schema.js';

export const CALIBRATION_FOLDER = 'calibration';

/** Where calibrations of a results folder live. */
export const calibrationFolder = (resultsFolder: string) => join(resultsFolder, CALIBRATION_FOLDER);

export function calibrationFileName(now: Date): string {
  return `calibrate-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.json`;
}

export function parseCalibration(raw: unknown, source: string): Calibration {
  const header = raw as { schema?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.schema !== CALIBRATION_SCHEMA_ID) {
    throw new UsageError(
      `${source} is not a verdict calibration file (no "schema": "${CALIBRATION_SCHEMA_ID}")`,
      "run 'verdict calibrate'",
    );
  }
  if (header.version !== CALIBRATION_VERSION) {
    throw new UsageError(
      `${source} has calibration version ${String(header.version)}; this verdict reads version ${CALIBRATION_VERSION}`,
      "run 'verdict calibrate' again",
    );
  }
  const parsed = calibrationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `${source}: field '${issue.path.join('.') || '(root)'}' ${issue.message.toLowerCase()}`,
      "run 'verdict calibrate' again",
    );
  }
  return parsed.data;
}

export function readCalibrationSync(path: string): Calibration {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`, "run 'verdict calibrate' again");
  }
  return parseCalibration(raw, path);
}

export async function writeCalibration(path: string, calibration: Calibration): Promise<void> {
  const checked = calibrationSchema.safeParse(calibration);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new VerdictError(
      `internal error: the calibration would be invalid at '${issue.path.join('.')}': ${issue.message}`,
      'please report this bug',
    );
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checked.data, null, 2)}\n`);
  await rename(temporary, path);
}

/** Every valid calibration in the folder, newest first (files that do not parse are passed over). */
export function calibrationsNewestFirst(folder: string): { file: string; calibration: Calibration }[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.startsWith('calibrate-') && n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: { file: string; calibration: Calibration; mtime: number }[] = [];
  for (const name of names) {
    const file = join(folder, name);
    try {
      found.push({ file, calibration: readCalibrationSync(file), mtime: statSync(file).mtimeMs });
    } catch {
      // A damaged or older-version file is not a calibration of this machine any more.
    }
  }
  return found.sort((a, b) => b.mtime - a.mtime).map(({ file, calibration }) => ({ file, calibration }));
}
