/**
 * The two figures of a calibration, from its trials (pure functions, tested without processes):
 * each driver's ceiling per level, and each driver's fidelity against wrk, paired by round.
 */
import { pairedRatio } from '../measure/paired.js';
import { median } from '../measure/stats.js';
import type {
  CalibrationSummary,
  CalibrationTrial,
  Fidelity,
  GeneratorCeiling,
} from '../results/calibration-schema.js';

/** Closed-model figures agree with wrk's when within this share (issue 13: ±10%). */
export const FIDELITY_TOLERANCE = 0.1;
/** A cell whose req/s reached this share of the generator's ceiling may have been held back by the generator. */
export const NEAR_CEILING_SHARE = 0.7;
/** A generator above this share of its cores counts as saturated: its ceiling was reached, not extrapolated. */
const SATURATED_SHARE = 0.9;

const key = (driver: string, connections: number) => `${driver}@${connections}`;

function byDriverAndLevel(trials: readonly CalibrationTrial[]): Map<string, CalibrationTrial[]> {
  const groups = new Map<string, CalibrationTrial[]>();
  for (const trial of trials) {
    const k = key(trial.driver, trial.connections);
    groups.set(k, [...(groups.get(k) ?? []), trial]);
  }
  return groups;
}

/**
 * Requests per second per generator core: each round's req/s over the CPU the generator used (in
 * cores), median over rounds. A trial with no CPU measured (too short for /proc's ticks) is left out.
 */
export function computeCeilings(trials: readonly CalibrationTrial[], generatorCores: number): GeneratorCeiling[] {
  const ceilings: GeneratorCeiling[] = [];
  for (const group of byDriverAndLevel(trials).values()) {
    const usable = group.filter((t) => t.generatorCpuPercent > 0 && t.requests > 0);
    if (usable.length === 0) continue;
    const cpu = median(usable.map((t) => t.generatorCpuPercent));
    const perRequest = usable.map((t) => t.generatorCpuUsPerRequest).filter((v): v is number => v !== null);
    ceilings.push({
      driver: group[0]!.driver,
      connections: group[0]!.connections,
      requestsPerCoreSecond: median(usable.map((t) => t.requestsPerSecond / (t.generatorCpuPercent / 100))),
      requestsPerSecond: median(usable.map((t) => t.requestsPerSecond)),
      generatorCpuPercent: cpu,
      generatorCpuUsPerRequest: perRequest.length ? median(perRequest) : null,
      saturated: cpu >= SATURATED_SHARE * 100 * generatorCores,
      rounds: usable.length,
    });
  }
  return ceilings.sort((a, b) => a.driver.localeCompare(b.driver) || a.connections - b.connections);
}

/** Whether an interval lies within ±tolerance of 1, wholly beyond it, or neither. */
export function fidelityVerdict(low: number, high: number, tolerance = FIDELITY_TOLERANCE): Fidelity['verdict'] {
  if (low >= 1 - tolerance && high <= 1 + tolerance) return 'agrees';
  if (high < 1 - tolerance) return 'reads-low';
  if (low > 1 + tolerance) return 'reads-high';
  return 'inconclusive';
}

/** Each other driver's req/s over wrk's in the same round, per level: a geometric mean with its interval. */
export function computeFidelity(
  trials: readonly CalibrationTrial[],
  level: number,
  tolerance = FIDELITY_TOLERANCE,
): Fidelity[] {
  const fidelity: Fidelity[] = [];
  const wrk = new Map(trials.filter((t) => t.driver === 'wrk').map((t) => [`${t.connections}/${t.round}`, t]));
  for (const group of byDriverAndLevel(trials.filter((t) => t.driver !== 'wrk')).values()) {
    const ratios = group
      .map((t) => ({ t, reference: wrk.get(`${t.connections}/${t.round}`) }))
      .filter((p) => p.reference && p.reference.requestsPerSecond > 0)
      .map((p) => p.t.requestsPerSecond / p.reference!.requestsPerSecond);
    const paired = pairedRatio(ratios, level);
    if (!paired) continue;
    fidelity.push({
      driver: group[0]!.driver,
      reference: 'wrk',
      connections: group[0]!.connections,
      ratio: paired.estimate,
      low: paired.low,
      high: paired.high,
      level,
      rounds: paired.n,
      ratios: paired.ratios,
      verdict: fidelityVerdict(paired.low, paired.high, tolerance),
      tolerance,
    });
  }
  return fidelity.sort((a, b) => a.driver.localeCompare(b.driver) || a.connections - b.connections);
}

/**
 * The ceiling that applies to a cell: its driver's, at the measured level nearest its own (on a
 * log scale: 300 connections is nearer 100 than 1,000), times the generator's cores.
 */
export function ceilingFor(
  calibration: Pick<CalibrationSummary, 'ceilings' | 'environment'>,
  driver: string,
  connections: number,
): { ceiling: GeneratorCeiling; requestsPerSecond: number } | undefined {
  const mine = calibration.ceilings.filter((c) => c.driver === driver);
  if (mine.length === 0 || connections <= 0) return undefined;
  const distance = (c: GeneratorCeiling) => Math.abs(Math.log(Math.max(1, c.connections)) - Math.log(connections));
  const ceiling = mine.reduce((best, c) => (distance(c) < distance(best) ? c : best));
  return { ceiling, requestsPerSecond: ceiling.requestsPerCoreSecond * calibration.environment.generatorCores };
}
