import { describe, expect, it } from 'vitest';
import {
  floorInterval,
  meanInterval,
  noiseFloor,
  pairedRatio,
  studentT,
  type Interval,
} from '../../src/measure/paired.js';
import { newSeed, seededRandom, shuffled } from '../../src/measure/random.js';
import {
  bonferroni,
  decideAdvantage,
  decideBound,
  decideEquivalence,
  NEGLIGIBLE,
  roundsNeeded,
  roundsToDecideAdvantage,
} from '../../src/measure/rule.js';
import {
  ALPHA,
  DEFAULT_ROUNDS,
  defaultLooks,
  MAX_ROUNDS,
  planLooks,
  pocockSpending,
} from '../../src/measure/sequential.js';

const interval = (low: number, high: number): Interval => ({
  estimate: Math.sqrt(low * high),
  low,
  high,
  level: 0.95,
  method: 't',
});

describe('studentT', () => {
  it('matches the table', () => {
    expect(studentT(0.975, 1)).toBeCloseTo(12.706205, 5);
    expect(studentT(0.975, 2)).toBeCloseTo(4.302653, 5);
    expect(studentT(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(studentT(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(studentT(0.975, 30)).toBeCloseTo(2.042272, 5);
    expect(studentT(0.995, 4)).toBeCloseTo(4.604095, 5);
    expect(studentT(0.9995, 3)).toBeCloseTo(12.923979, 5);
    expect(studentT(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it('is symmetric about 0 and rejects what has no quantile', () => {
    expect(studentT(0.5, 7)).toBe(0);
    expect(studentT(0.025, 5)).toBeCloseTo(-studentT(0.975, 5), 12);
    expect(() => studentT(1, 5)).toThrow(RangeError);
    expect(() => studentT(0.9, 0.5)).toThrow(RangeError);
  });
});

describe('pairedRatio', () => {
  it('is exact for constant ratios, with no spread', () => {
    for (const n of [3, 12]) {
      const result = pairedRatio(Array(n).fill(2))!;
      expect(result).toMatchObject({ estimate: 2, n, logSd: 0, method: n >= 10 ? 'bootstrap' : 't' });
      expect(result.low).toBeCloseTo(2, 12);
      expect(result.high).toBeCloseTo(2, 12);
    }
  });

  it('takes the geometric mean and drops ratios that are not finite and positive', () => {
    const result = pairedRatio([2, 0.5, 0, Number.NaN, Infinity, -1])!;
    expect(result.estimate).toBeCloseTo(1, 12);
    expect(result.ratios).toEqual([2, 0.5]);
    expect(pairedRatio([2, 0])).toBeUndefined();
  });

  it('uses t below 10 ratios: exp(mean ± t · sd / sqrt(n)) on the logs', () => {
    const logs = [0.1, 0.2, 0.3, 0.4];
    const result = pairedRatio(logs.map(Math.exp))!;
    const half = (studentT(0.975, 3) * Math.sqrt(0.05 / 3)) / 2; // sd of the logs = sqrt(0.05 / 3)
    expect(result.method).toBe('t');
    expect(Math.log(result.low)).toBeCloseTo(0.25 - half, 12);
    expect(Math.log(result.high)).toBeCloseTo(0.25 + half, 12);
  });

  it('bootstraps from 10 ratios on, the same for the same seed', () => {
    const random = seededRandom(7);
    const ratios = Array.from({ length: 12 }, () => Math.exp(0.2 * (random() - 0.5)));
    const first = pairedRatio(ratios, 0.95, 42)!;
    expect(first.method).toBe('bootstrap');
    expect(pairedRatio(ratios, 0.95, 42)).toEqual(first);
    expect(pairedRatio(ratios, 0.95, 43)!.low).not.toBe(first.low);
    expect(pairedRatio(ratios.slice(0, 9))!.method).toBe('t');
  });

  it("bootstraps about as wide as t when the logs are spread evenly (the expansion's point)", () => {
    const logs = Array.from({ length: 30 }, (_, i) => (i - 14.5) / 50);
    const boot = pairedRatio(logs.map(Math.exp))!;
    const half = (studentT(0.975, 29) * boot.logSd) / Math.sqrt(30);
    expect(Math.log(boot.high) - Math.log(boot.low)).toBeGreaterThan(2 * half * 0.9);
    expect(Math.log(boot.high) - Math.log(boot.low)).toBeLessThan(2 * half * 1.1);
  });
});

describe('meanInterval', () => {
  it('is the t interval of the arithmetic mean, and needs two values', () => {
    const result = meanInterval([1, 2, 3, 4])!;
    const half = (studentT(0.975, 3) * Math.sqrt(5 / 3)) / 2;
    expect(result).toMatchObject({ estimate: 2.5, n: 4, method: 't' });
    expect(result.low).toBeCloseTo(2.5 - half, 12);
    expect(result.high).toBeCloseTo(2.5 + half, 12);
    expect(meanInterval([1])).toBeUndefined();
  });
});

describe('A/A noise floor', () => {
  it('is exp(t_{0.975, n} · rms of the log ratios), taken about 0', () => {
    const floor = noiseFloor([Math.exp(0.1), Math.exp(-0.1), Math.exp(0.1), Math.exp(-0.1)])!;
    expect(floor.logSd).toBeCloseTo(0.1, 12);
    expect(floor.factor).toBeCloseTo(Math.exp(studentT(0.975, 4) * 0.1), 12);
    // An offset is not subtracted: it widens the floor.
    expect(noiseFloor([1.1, 1.1, 1.1])!.factor).toBeGreaterThan(1.1);
    expect(noiseFloor([1.1])).toBeUndefined();
  });

  it('widens a single-trial ratio to [r/F, r·F], wider at a Bonferroni level', () => {
    const floor = noiseFloor([1.2, 0.9, 1.05, 0.95, 1.1])!;
    const single = floorInterval(2, floor);
    expect(single).toMatchObject({ estimate: 2, method: 'floor', level: 0.95 });
    expect(single.low).toBeCloseTo(2 / floor.factor, 12);
    expect(single.high).toBeCloseTo(2 * floor.factor, 12);
    expect(floorInterval(2, floor, bonferroni(0.95, 3)).low).toBeLessThan(single.low);
  });
});

describe('three-way rule', () => {
  it('advantage: supported from a low end of exactly win, refuted from a high end of exactly none', () => {
    expect(decideAdvantage(interval(1.1, 1.5), interval(1.1, 1.5))).toBe('supported');
    expect(decideAdvantage(interval(1.0999, 1.5), interval(1.0999, 1.5))).toBe('inconclusive');
    expect(decideAdvantage(interval(0.7, 1.0), interval(0.7, 1.0))).toBe('refuted');
    expect(decideAdvantage(interval(0.7, 1.0001), interval(0.7, 1.0001))).toBe('inconclusive');
    expect(decideAdvantage(interval(1.02, 1.08), interval(1.02, 1.08))).toBe('inconclusive');
    expect(decideAdvantage(interval(1.3, 2), interval(1.3, 2), { win: 1.5, none: 1 })).toBe('inconclusive');
  });

  it('refutes only on the refute interval (the wider, Bonferroni one)', () => {
    expect(decideAdvantage(interval(0.8, 0.99), interval(0.78, 1.01))).toBe('inconclusive');
    expect(decideAdvantage(interval(1.12, 1.3), interval(1.05, 1.35))).toBe('supported');
  });

  it('equivalence: supported inside the closed band, refuted only wholly outside it', () => {
    const band = { low: 1 / NEGLIGIBLE, high: NEGLIGIBLE };
    expect(decideEquivalence(interval(0.8, 1.25), interval(0.8, 1.25), band)).toBe('supported');
    expect(decideEquivalence(interval(0.9, 1.2501), interval(0.9, 1.2501), band)).toBe('inconclusive');
    expect(decideEquivalence(interval(1.25, 1.5), interval(1.25, 1.5), band)).toBe('inconclusive');
    expect(decideEquivalence(interval(1.2501, 1.5), interval(1.2501, 1.5), band)).toBe('refuted');
    expect(decideEquivalence(interval(0.5, 0.79), interval(0.5, 0.79), band)).toBe('refuted');
    expect(decideEquivalence(interval(1.3, 1.5), interval(1.2, 1.6), band)).toBe('inconclusive');
  });

  it('bound: the bound itself is on the claim’s side', () => {
    expect(decideBound(interval(1000, 1200), interval(1000, 1200), { min: 1000 })).toBe('supported');
    expect(decideBound(interval(900, 1000), interval(900, 1000), { min: 1000 })).toBe('inconclusive');
    expect(decideBound(interval(900, 999), interval(900, 999), { min: 1000 })).toBe('refuted');
    expect(decideBound(interval(40, 100), interval(40, 100), { max: 100 })).toBe('supported');
    expect(decideBound(interval(101, 150), interval(101, 150), { max: 100 })).toBe('refuted');
    expect(decideBound(interval(5, 8), interval(5, 8), { min: 1, max: 10 })).toBe('supported');
  });

  it('bonferroni splits the error between k intervals', () => {
    expect(bonferroni(0.95, 1)).toBeCloseTo(0.95, 12);
    expect(bonferroni(0.95, 5)).toBeCloseTo(0.99, 12);
  });
});

describe('roundsNeeded', () => {
  const level = 0.95;

  it('needs fewer rounds the farther the mean is from the threshold, more the noisier', () => {
    let previous = Infinity;
    for (const ratio of [1.15, 1.2, 1.3, 1.5, 2]) {
      const rounds = roundsNeeded({ n: 5, logMean: Math.log(ratio), logSd: 0.2 }, [1.1, 1.0], level)!;
      expect(rounds).toBeLessThanOrEqual(previous);
      previous = rounds;
    }
    previous = 0;
    for (const logSd of [0.05, 0.1, 0.2, 0.3]) {
      const rounds = roundsNeeded({ n: 5, logMean: Math.log(1.25), logSd }, [1.1], level)!;
      expect(rounds).toBeGreaterThanOrEqual(previous);
      previous = rounds;
    }
  });

  it('is the first total at which the t interval clears the threshold, and more than n', () => {
    const sample = { n: 5, logMean: Math.log(1.2), logSd: 0.2 };
    const rounds = roundsNeeded(sample, [1.1], level)!;
    const half = (n: number): number => (studentT(0.975, n - 1) * sample.logSd) / Math.sqrt(n);
    expect(rounds).toBeGreaterThan(sample.n);
    expect(sample.logMean - half(rounds)).toBeGreaterThanOrEqual(Math.log(1.1));
    expect(sample.logMean - half(rounds - 1)).toBeLessThan(Math.log(1.1));
    expect(roundsNeeded({ n: 5, logMean: Math.log(3), logSd: 0.2 }, [1.1], level)).toBe(6);
  });

  it('is null on the threshold and beyond 200 rounds', () => {
    expect(roundsNeeded({ n: 5, logMean: Math.log(1.1), logSd: 0.2 }, [1.1], level)).toBeNull();
    expect(roundsNeeded({ n: 5, logMean: Math.log(1.101), logSd: 0.2 }, [1.1], level)).toBeNull();
  });

  it('for the advantage rule: null between none and win, the refute level below none', () => {
    const levels = { support: 0.95, refute: bonferroni(0.95, 4) };
    expect(roundsToDecideAdvantage({ n: 5, logMean: Math.log(1.05), logSd: 0.1 }, levels)).toBeNull();
    const below = { n: 5, logMean: Math.log(0.9), logSd: 0.2 };
    expect(roundsToDecideAdvantage(below, levels)).toBe(roundsNeeded(below, [1.0], levels.refute));
    expect(roundsNeeded(below, [1.0], levels.refute)!).toBeGreaterThan(roundsNeeded(below, [1.0], levels.support)!);
  });
});

describe('planLooks', () => {
  it('starts at the planned rounds, ends at the maximum, and spends at most alpha', () => {
    for (const [looks, first, last] of [
      [defaultLooks(), DEFAULT_ROUNDS, MAX_ROUNDS],
      [planLooks({ plannedRounds: 5, maxRounds: 20, looks: 3, alpha: 0.05, spending: pocockSpending }), 5, 20],
    ] as const) {
      expect(looks[0]!.rounds).toBe(first);
      expect(looks.at(-1)!.rounds).toBe(last);
      expect(looks.reduce((sum, look) => sum + (1 - look.level), 0)).toBeLessThanOrEqual(ALPHA + 1e-12);
      for (let j = 1; j < looks.length; j++) expect(looks[j]!.rounds).toBeGreaterThan(looks[j - 1]!.rounds);
    }
    expect(defaultLooks().map((look) => look.rounds)).toEqual([3, 8, 14, 19, 25, 30]);
    // Half of alpha at the first look: a default run decides clear differences at its planned rounds.
    expect(1 - defaultLooks()[0]!.level).toBeCloseTo(ALPHA / 2 + (ALPHA / 2) * (3 / 30) ** 2, 10);
  });

  it('with one look, judges the planned rounds at the whole alpha', () => {
    expect(planLooks({ plannedRounds: 5, maxRounds: 20, looks: 1, alpha: 0.05 })).toEqual([{ rounds: 5, level: 0.95 }]);
    expect(() => planLooks({ plannedRounds: 5, maxRounds: 4, looks: 2, alpha: 0.05 })).toThrow(RangeError);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });

  it('shuffles into a new permutation, leaving the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const result = shuffled(items, seededRandom(1));
    expect([...result].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffled(items, seededRandom(1))).toEqual(result);
  });

  it('makes fresh unsigned 32-bit seeds', () => {
    const seed = newSeed();
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });
});
