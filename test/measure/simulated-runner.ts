/**
 * A simulated shared machine whose true ratios are known, and the two ways of comparing servers on
 * it: verdict's interleaved rounds (new) and the blocked trials it replaces (old).
 *
 * A trial's measured throughput = true throughput × per-trial lognormal noise × the machine's
 * current drift. The drift is a lognormal level that holds for a regime of 30–120 s and then jumps
 * (neighbours' jobs starting and stopping, thermal and frequency changes); simulated time advances
 * by every trial.
 */
import { pairedRatio, noiseFloor, floorInterval, type NoiseFloor } from '../../src/measure/paired.js';
import { gaussian, seededRandom, shuffled } from '../../src/measure/random.js';
import { decideAdvantage, decideEquivalence, NEGLIGIBLE, type Decision } from '../../src/measure/rule.js';
import type { Look } from '../../src/measure/sequential.js';
import { ratioWithError } from '../../src/measure/stats.js';

export const BASE_THROUGHPUT = 5_000;

export interface MachineOptions {
  trialLogSd: number;
  driftLogSd: number;
  regimeSeconds: [number, number];
  trialSeconds: number;
  overheadSeconds: number;
}

export const MACHINE: MachineOptions = {
  trialLogSd: 0.15,
  driftLogSd: 0.2,
  regimeSeconds: [30, 120],
  trialSeconds: 4,
  overheadSeconds: 1,
};

export interface Machine {
  /** Runs one trial of a server with this true throughput; returns the measured throughput. */
  trial(trueThroughput: number): number;
  /** Lets time pass (other servers running in between). */
  wait(seconds: number): void;
  readonly random: () => number;
}

export function simulatedMachine(seed: number, options: MachineOptions = MACHINE): Machine {
  const random = seededRandom(seed);
  let now = 0;
  let regimeEnd = 0;
  let drift = 1;
  const regimeAt = (time: number): number => {
    while (time >= regimeEnd) {
      const [shortest, longest] = options.regimeSeconds;
      regimeEnd += shortest + random() * (longest - shortest);
      drift = Math.exp(options.driftLogSd * gaussian(random));
    }
    return drift;
  };
  return {
    trial(trueThroughput) {
      const measured =
        trueThroughput * Math.exp(options.trialLogSd * gaussian(random)) * regimeAt(now + options.trialSeconds / 2);
      now += options.trialSeconds + options.overheadSeconds;
      return measured;
    },
    wait(seconds) {
      now += seconds;
    },
    random,
  };
}

export interface NewRun {
  advantage: Decision;
  /** Rounds measured when the advantage check was decided (or the last look). */
  advantageRounds: number;
  /** The A/A pair (B against B2) judged as negligible. */
  aa: Decision;
  aaRatios: number[];
}

/**
 * verdict's method: arms A (ratio × base), B and B2 (base, the A/A pair) run once per round in a
 * seeded random order; the advantage A/B and the A/A equivalence are judged at each look while
 * undecided, and the run stops when both are decided or the looks are used up.
 */
export function runNewMethod(ratio: number, seed: number, looks: readonly Look[], resamples?: number): NewRun {
  const machine = simulatedMachine(seed);
  const order = seededRandom(seed ^ 0x5bd1e995);
  const arms = ['a', 'b', 'b2'] as const;
  const truth = { a: ratio * BASE_THROUGHPUT, b: BASE_THROUGHPUT, b2: BASE_THROUGHPUT };
  const ab: number[] = [];
  const aa: number[] = [];
  let advantage: Decision = 'inconclusive';
  let advantageRounds = 0;
  let equivalence: Decision = 'inconclusive';
  for (const look of looks) {
    while (ab.length < look.rounds) {
      const measured = { a: 0, b: 0, b2: 0 };
      for (const arm of shuffled(arms, order)) measured[arm] = machine.trial(truth[arm]);
      ab.push(measured.a / measured.b);
      aa.push(measured.b / measured.b2);
    }
    if (advantage === 'inconclusive') {
      const interval = pairedRatio(ab, look.level, seed, resamples)!;
      advantage = decideAdvantage(interval, interval);
      advantageRounds = look.rounds;
    }
    if (equivalence === 'inconclusive') {
      const interval = pairedRatio(aa, look.level, seed, resamples)!;
      equivalence = decideEquivalence(interval, interval, { low: 1 / NEGLIGIBLE, high: NEGLIGIBLE });
    }
    if (advantage !== 'inconclusive' && equivalence !== 'inconclusive') break;
  }
  return { advantage, advantageRounds, aa: equivalence, aaRatios: aa };
}

/**
 * The method replaced: all trials of A, then, minutes later (other servers ran in between), all of
 * B; the ratio of means ± one propagated σ against one threshold.
 */
export function runOldMethod(ratio: number, seed: number, trials = 3, win = 1.1): Decision {
  const machine = simulatedMachine(seed);
  const a = Array.from({ length: trials }, () => machine.trial(ratio * BASE_THROUGHPUT));
  machine.wait(120 + machine.random() * 240);
  const b = Array.from({ length: trials }, () => machine.trial(BASE_THROUGHPUT));
  const { value, error } = ratioWithError(a, b)!;
  if (value - error >= win) return 'supported';
  if (value + error < win) return 'refuted';
  return 'inconclusive';
}

/**
 * A single-trial comparison (websocket, SSE, compute) judged against the A/A floor of the same run:
 * `aaRounds` rounds of the A/A pair, then one trial of each server in a random order.
 */
export function runSingleTrial(
  ratio: number,
  seed: number,
  aaRounds: number,
): { decision: Decision; floor: NoiseFloor } {
  const machine = simulatedMachine(seed);
  const order = seededRandom(seed ^ 0x27d4eb2f);
  const aa: number[] = [];
  for (let round = 0; round < aaRounds; round++) {
    const measured = { b: 0, b2: 0 };
    for (const arm of shuffled(['b', 'b2'] as const, order)) measured[arm] = machine.trial(BASE_THROUGHPUT);
    aa.push(measured.b / measured.b2);
  }
  const floor = noiseFloor(aa)!;
  const measured = { x: 0, y: 0 };
  const truth = { x: ratio * BASE_THROUGHPUT, y: BASE_THROUGHPUT };
  for (const arm of shuffled(['x', 'y'] as const, order)) measured[arm] = machine.trial(truth[arm]);
  const interval = floorInterval(measured.x / measured.y, floor);
  return { decision: decideAdvantage(interval, interval), floor };
}
