/**
 * `verdict calibrate`: how many requests a second this machine's load generator can drive per
 * core (its ceiling), and how closely each closed-model driver agrees with wrk on the same server
 * (its fidelity), measured in interleaved rounds. Saved for `verdict bench` to carry into its results.
 */
import type { CommandSpec } from '../cli/args.js';
import { ExitCode } from '../core/errors.js';
import { palette, writeLine } from '../core/output.js';
import { createProgress } from '../bench/progress.js';
import { cpuPlacement } from '../machine/environment.js';
import { buildCalibration, measureTrials, startDriverGenerators } from '../calibrate/measure.js';
import type { CalibrateOptions } from '../calibrate/options.js';
import { renderCalibration } from '../calibrate/render.js';
import { writeCalibration } from '../calibrate/store.js';
import { startNoWorkTarget, startServerTarget, type StartedTarget } from '../calibrate/targets.js';
import { defaultDriver } from '../load/index.js';
import { loadManifests } from '../servers/manifest.js';
import { findPython } from '../servers/python.js';
import { holdExitUntil, onInterrupt, wasInterrupted } from '../util/lifecycle.js';
import { shownPath } from '../util/shown-path.js';
import { verdictVersion } from '../util/version.js';
import type { Output } from '../core/output.js';
import { calibrateFlags, parseCalibrateOptions } from './calibrate-options.js';

/** Seconds per trial beyond its duration: the idle wait, opening and closing connections. */
const TRIAL_OVERHEAD_SECONDS = 0.7;

export const command: CommandSpec = {
  name: 'calibrate',
  summary: "Measure the load generator's ceiling on this machine and each driver's fidelity against wrk.",
  description:
    'Starts a server that does no work, pinned where verdict bench pins servers, and drives it with each ' +
    'closed-model driver\n' +
    '(wrk, lean, autocannon) at every level in interleaved rounds. Prints the generator ceiling (req/s per ' +
    'generator core:\n' +
    "each trial's req/s over the generator's CPU share) and each driver's req/s over wrk's, paired by round, " +
    'with a 95% interval.\n' +
    'Saves results/calibration/calibrate-<time>.json; verdict bench carries the newest matching one into its ' +
    'results and flags a\n' +
    "cell whose req/s reached 70% of its driver's ceiling. --server measures against a real server and its " +
    'PostgreSQL instead.',
  flags: calibrateFlags,
  examples: [
    'verdict calibrate',
    'verdict calibrate --server node-fastify --levels 100,1000',
    'verdict calibrate --drivers wrk,lean --rounds 8',
    'verdict calibrate --json > calibration.json',
  ],
  async run(input, out) {
    const options = parseCalibrateOptions(input, await loadManifests(), out.cwd);
    // A missing Python environment fails now, before PostgreSQL or anything else starts.
    const python = options.server?.runtime === 'python' ? (await findPython(options.python)).path : undefined;
    return holdExitUntil(calibrate(options, python, out));
  },
};

async function calibrate(options: CalibrateOptions, python: string | undefined, out: Output): Promise<number> {
  const p = palette(out.color);
  const { plan } = options;
  const trialCount = plan.levels.length * plan.rounds * plan.drivers.length;
  const estimate =
    trialCount * (plan.durationSeconds + TRIAL_OVERHEAD_SECONDS) + plan.drivers.length * plan.warmupSeconds;
  writeLine(
    out.stderr,
    p.dim(
      `verdict calibrate: ${plan.drivers.join(', ')} at ${plan.levels.join(', ')} connections, ${plan.rounds} ` +
        `rounds of ${plan.durationSeconds} s against ` +
        `${options.server ? options.server.name : 'a server that does no work'}; about ${Math.round(estimate)} s; ` +
        `seed ${plan.seed}`,
    ),
  );
  const progress = createProgress(out, estimate);
  const placement = cpuPlacement(options.pin);
  let target: StartedTarget | undefined;
  let drivers: Awaited<ReturnType<typeof startDriverGenerators>> | undefined;
  const stopListening = onInterrupt(() => {
    for (const generator of drivers?.generators.values() ?? []) generator.abort();
  });
  const interrupted = (measured: number) => {
    writeLine(
      out.stderr,
      `interrupted after ${measured} of ${trialCount} trials: nothing saved (a calibration needs every round)`,
    );
    return ExitCode.interrupted;
  };
  let measured = 0;
  try {
    target = options.server
      ? await startServerTarget(options.server, placement, {
          rows: options.rows,
          log: progress.log,
          ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
          ...(python ? { python } : {}),
        })
      : await startNoWorkTarget(placement);
    progress.log(`placement: ${target.placement.note}`);
    drivers = await startDriverGenerators(plan.drivers, target.placement.generator);
    const trials = await measureTrials(target, drivers.generators, plan, {
      log: progress.log,
      progress: (done, total, label) => {
        measured = done;
        progress.update({ done, total, label });
      },
    });
    progress.finish();
    if (wasInterrupted()) return interrupted(trials.length);
    const calibration = buildCalibration({
      target,
      plan,
      trials,
      defaultDriver: defaultDriver(),
      toolVersion: verdictVersion(),
    });
    await writeCalibration(options.out, calibration);
    if (options.json) {
      writeLine(out.stdout, JSON.stringify(calibration, null, 2));
      out.stderr.write(renderCalibration(calibration, out.color));
    } else {
      out.stdout.write(renderCalibration(calibration, out.color));
    }
    writeLine(out.stderr, `calibration: ${shownPath(out.cwd, options.out)}`);
    return ExitCode.ok;
  } catch (error) {
    // Ctrl-C stops the generators under a trial in progress: that is the interruption, not a failure.
    if (wasInterrupted()) return interrupted(measured);
    throw error;
  } finally {
    progress.finish();
    stopListening();
    await drivers?.close();
    await target?.stop();
  }
}
