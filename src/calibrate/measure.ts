/**
 * The calibration's measurements: at each level, in rounds, every driver runs one trial against
 * the same target in an order drawn from a seeded generator (the interleaving `verdict bench`
 * uses), so the machine's drift falls on every driver alike and each round pairs them. For every
 * trial the generator's CPU (its process group, from /proc), its CPUs' busy share and the target's
 * CPU are recorded beside the req/s.
 */
import { cpus as osCpus, release } from 'node:os';
import { generatorVersion, osName, type Placement } from '../machine/environment.js';
import { CONFIDENCE } from '../claims/thresholds.js';
import { LeanGenerator } from '../load/lean-generator.js';
import { NodeWorkerGenerator } from '../load/node-generator.js';
import { WrkGenerator } from '../load/wrk-generator.js';
import type { DriverName, HttpLoadResult, LoadGenerator } from '../load/index.js';
import { cpuList, startCpuBusy } from '../measure/cpu-busy.js';
import { waitUntilIdle } from '../measure/idle.js';
import { startGroupSampler } from '../measure/proc.js';
import { seededRandom, shuffled } from '../measure/random.js';
import { round } from '../results/cells.js';
import {
  CALIBRATION_SCHEMA_ID,
  CALIBRATION_VERSION,
  type Calibration,
  type CalibrationTrial,
} from '../results/calibration-schema.js';
import { wasInterrupted } from '../util/lifecycle.js';
import { computeCeilings, computeFidelity } from './figures.js';
import type { StartedTarget } from './targets.js';

export interface CalibrationPlan {
  drivers: DriverName[];
  levels: number[];
  rounds: number;
  durationSeconds: number;
  /** Seconds of load at the highest level with each driver before the first round, unrecorded. */
  warmupSeconds: number;
  seed: number;
  timeoutSeconds: number;
}

export interface CalibrationHooks {
  log(line: string): void;
  progress(done: number, total: number, label: string): void;
}

/** A target still draining the last trial's connections would take CPU from the next trial. */
const IDLE_MAX_SECONDS = 10;

/** One generator per driver, all on the generator's CPUs; the Node process is shared by lean and autocannon. */
export async function startDriverGenerators(
  drivers: readonly DriverName[],
  cpus: string | null,
): Promise<{ generators: Map<DriverName, LoadGenerator>; close(): Promise<void> }> {
  const node = await NodeWorkerGenerator.start(cpus ?? undefined);
  const generators = new Map<DriverName, LoadGenerator>();
  const closers: (() => Promise<void>)[] = [() => node.close()];
  for (const driver of drivers) {
    if (driver === 'wrk') generators.set(driver, new WrkGenerator(cpus ?? undefined));
    else if (driver === 'autocannon') generators.set(driver, node);
    else {
      const lean = await LeanGenerator.start(node, cpus ?? undefined);
      closers.push(() => lean.close());
      generators.set(driver, lean);
    }
  }
  return { generators, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}

/** Cores the generator has: the CPUs it is pinned to, or one when it is not pinned. */
export const generatorCores = (placement: Placement) => (placement.generator ? cpuList(placement.generator).length : 1);

async function trial(
  target: StartedTarget,
  generator: LoadGenerator,
  plan: CalibrationPlan,
  connections: number,
  durationSeconds: number,
): Promise<Omit<CalibrationTrial, 'round' | 'position'>> {
  await waitUntilIdle(target.pid, { maxSeconds: IDLE_MAX_SECONDS });
  const targetUsage = startGroupSampler(target.pid);
  const core = target.placement.generator ? startCpuBusy(target.placement.generator) : undefined;
  const run = await generator.run<HttpLoadResult>({
    kind: 'closed-http',
    baseUrl: target.url,
    path: { kind: 'fixed', path: target.info.path },
    connections,
    durationSeconds,
    timeoutSeconds: plan.timeoutSeconds,
  });
  const busy = core?.stop() ?? null;
  const usage = targetUsage.stop();
  const { result } = run;
  const rps = result.durationSeconds > 0 ? result.responses / result.durationSeconds : 0;
  return {
    driver: generator.driver,
    connections,
    durationSeconds: round(result.durationSeconds, 3),
    requests: result.responses,
    requestsPerSecond: round(rps, 1),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyP50Ms: result.latencyMs?.p50 ?? null,
    latencyP99Ms: result.latencyMs?.p99 ?? null,
    generatorCpuPercent: round(run.generatorCpuPercent, 1),
    generatorCpuUsPerRequest:
      result.responses > 0 ? round((run.generatorCpuSeconds / result.responses) * 1e6, 2) : null,
    generatorCoreBusyPercent: busy === null ? null : round(busy, 1),
    targetCpuPercent: round(usage.cpuPercent, 1),
  };
}

/** The interleaved rounds; returns every trial measured (fewer when interrupted). */
export async function measureTrials(
  target: StartedTarget,
  generators: Map<DriverName, LoadGenerator>,
  plan: CalibrationPlan,
  hooks: CalibrationHooks,
): Promise<CalibrationTrial[]> {
  const random = seededRandom(plan.seed);
  const trials: CalibrationTrial[] = [];
  const total = plan.levels.length * plan.rounds * plan.drivers.length;
  if (plan.warmupSeconds > 0) {
    const highest = Math.max(...plan.levels);
    for (const driver of plan.drivers) {
      if (wasInterrupted()) return trials;
      hooks.progress(0, total, `warm-up: ${driver} at ${highest} connections`);
      await trial(target, generators.get(driver)!, plan, highest, plan.warmupSeconds);
    }
  }
  for (const connections of plan.levels) {
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const [index, driver] of shuffled(plan.drivers, random).entries()) {
        if (wasInterrupted()) return trials;
        hooks.progress(trials.length, total, `${driver} at ${connections} connections, round ${round}/${plan.rounds}`);
        const measured = {
          ...(await trial(target, generators.get(driver)!, plan, connections, plan.durationSeconds)),
          round,
          position: index + 1,
        };
        trials.push(measured);
        const failures =
          measured.errors + measured.timeouts > 0 ? `, ${measured.errors} errors, ${measured.timeouts} timeouts` : '';
        hooks.log(
          `${driver.padEnd(10)} ${String(connections).padStart(5)} conn  round ${round}: ` +
            `${Math.round(measured.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s, generator ` +
            `${measured.generatorCpuPercent.toFixed(0)}% CPU (` +
            `${measured.generatorCpuUsPerRequest?.toFixed(1) ?? '–'} µs/request), target ` +
            `${measured.targetCpuPercent?.toFixed(0) ?? '–'}% CPU` +
            failures,
        );
      }
    }
  }
  hooks.progress(total, total, 'done');
  return trials;
}

/** The calibration document from its trials: environment, ceilings and fidelity. */
export function buildCalibration(args: {
  target: StartedTarget;
  plan: CalibrationPlan;
  trials: CalibrationTrial[];
  defaultDriver: DriverName;
  toolVersion: string;
  now?: Date;
}): Calibration {
  const { target, plan, trials } = args;
  const cores = generatorCores(target.placement);
  const cpuInfo = osCpus();
  return {
    schema: CALIBRATION_SCHEMA_ID,
    version: CALIBRATION_VERSION,
    id: `calibrate-${Date.now().toString(36)}`,
    tool: { name: 'verdict', version: args.toolVersion },
    createdAt: (args.now ?? new Date()).toISOString(),
    environment: {
      cpuModel: cpuInfo[0]?.model.trim() ?? 'unknown',
      cores: cpuInfo.length,
      os: osName(),
      kernel: release(),
      node: process.versions.node,
      targetCpus: target.placement.servers,
      generatorCpus: target.placement.generator,
      generatorCores: cores,
      drivers: Object.fromEntries(plan.drivers.map((d) => [d, generatorVersion(d)])),
    },
    target: target.info,
    plan,
    defaultDriver: args.defaultDriver,
    trials,
    ceilings: computeCeilings(trials, cores),
    fidelity: computeFidelity(trials, CONFIDENCE),
  };
}
