/**
 * The calibration a `verdict bench` run carries into its results file. The newest calibration of
 * this machine (same CPU, same placement, same driver version, against the no-work server) is
 * used when there is one. When there is none, the bench measures the ceiling of its own driver
 * itself, one 1 s trial per level against the no-work server, a few seconds in all: a user who
 * reads "this cell came close to the generator's ceiling" must be able to trust that the ceiling
 * is this machine's and this driver's, and a run that silently says nothing about the generator
 * is exactly the report that cannot be trusted. Fidelity against wrk needs rounds of every driver
 * and is left to `verdict calibrate`; the report says so.
 */
import { cpus } from 'node:os';
import { generatorVersion, type Placement } from '../machine/environment.js';
import type { DriverName, LoadGenerator } from '../load/index.js';
import type { Calibration, CalibrationSummary } from '../results/calibration-schema.js';
import { buildCalibration, measureTrials, type CalibrationPlan } from './measure.js';
import { calibrationFolder, calibrationsNewestFirst } from './store.js';
import { wasInterrupted } from '../util/lifecycle.js';
import { startNoWorkTarget } from './targets.js';

/** The bench's own check: one short trial per level, no warm-up beyond the trial's own start. */
export const BENCH_CHECK = { rounds: 1, durationSeconds: 1 } as const;

export function summarise(
  calibration: Calibration,
  source: CalibrationSummary['source'],
  file: string | null,
): CalibrationSummary {
  const { id, createdAt, target, environment, plan, ceilings, fidelity } = calibration;
  return { source, file, id, createdAt, target, environment, plan, ceilings, fidelity };
}

/** Whether a calibration was measured on this machine as this run is set up, for this driver. */
export function matchesRun(
  calibration: Calibration,
  run: { driver: DriverName; placement: Placement; cpuModel: string; cores: number; driverVersion: string },
): boolean {
  const env = calibration.environment;
  return (
    calibration.target.kind === 'no-work' &&
    env.cpuModel === run.cpuModel &&
    env.cores === run.cores &&
    env.generatorCpus === run.placement.generator &&
    env.targetCpus === run.placement.servers &&
    env.drivers[run.driver] === run.driverVersion &&
    calibration.ceilings.some((c) => c.driver === run.driver)
  );
}

export async function calibrationForBench(args: {
  resultsFolder: string;
  driver: DriverName;
  levels: number[];
  placement: Placement;
  http: LoadGenerator;
  toolVersion: string;
  log(line: string): void;
}): Promise<CalibrationSummary | undefined> {
  const machine = {
    driver: args.driver,
    placement: args.placement,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    driverVersion: generatorVersion(args.driver),
  };
  const stored = calibrationsNewestFirst(calibrationFolder(args.resultsFolder)).find((c) =>
    matchesRun(c.calibration, machine),
  );
  if (stored) {
    args.log(`generator calibration: ${stored.file} (${stored.calibration.createdAt})`);
    return summarise(stored.calibration, 'file', stored.file);
  }
  const plan: CalibrationPlan = {
    drivers: [args.driver],
    levels: args.levels,
    rounds: BENCH_CHECK.rounds,
    durationSeconds: BENCH_CHECK.durationSeconds,
    warmupSeconds: 0,
    seed: 1,
    timeoutSeconds: 8,
  };
  let target;
  try {
    target = await startNoWorkTarget(args.placement);
  } catch (error) {
    args.log(`generator calibration skipped: the no-work server did not start (${(error as Error).message})`);
    return undefined;
  }
  try {
    args.log(
      `no calibration of this machine for ${args.driver}: measuring its ceiling (${args.levels.length} × ` +
        `${BENCH_CHECK.durationSeconds} s; verdict calibrate measures it fully and once)`,
    );
    const trials = await measureTrials(target, new Map([[args.driver, args.http]]), plan, {
      log: () => undefined,
      progress: () => undefined,
    });
    return summarise(
      buildCalibration({ target, plan, trials, defaultDriver: args.driver, toolVersion: args.toolVersion }),
      'bench',
      null,
    );
  } catch (error) {
    // A side check that fails (or is cut short by Ctrl-C) must not cost the run: it goes on without one, and says so.
    if (!wasInterrupted()) args.log(`generator calibration skipped: ${(error as Error).message}`);
    return undefined;
  } finally {
    await target.stop();
  }
}
