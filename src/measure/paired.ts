/**
 * Paired comparisons from interleaved rounds. Each round runs every server once, so the ratio of
 * one round's two figures cancels whatever the shared machine was doing during that round; the
 * comparison is the geometric mean of those per-round ratios, with a confidence interval.
 *
 * Everything happens on log ratios: a ratio of 2 and one of 1/2 are the same distance from 1, the
 * mean of logs is the log of the geometric mean, and machine noise multiplies rather than adds.
 */

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Two-sided confidence (or, for 'floor', prediction) level, e.g. 0.95. */
  level: number;
  method: 't' | 'bootstrap' | 'floor';
}

export interface PairedRatio extends Interval {
  n: number;
  /** The finite positive ratios used, in round order. */
  ratios: number[];
  /** Sample standard deviation of the log ratios. */
  logSd: number;
}

export interface NoiseFloor {
  /** F ≥ 1: a new A/A ratio lies in [1/F, F] with probability `level`. */
  factor: number;
  n: number;
  /** Root mean square of the A/A log ratios (their true mean is 0, see noiseFloor). */
  logSd: number;
  ratios: number[];
  level: number;
}

export const DEFAULT_LEVEL = 0.95;
/** From this many values on, intervals come from the bootstrap instead of Student's t. */
export const BOOTSTRAP_MIN_N = 10;
/**
 * Resamples per bootstrap interval. 10,000 puts the 2.5% quantile's Monte Carlo error near 1% of
 * the interval's half-width (Efron & Tibshirani, An Introduction to the Bootstrap, ch. 19).
 */
export const BOOTSTRAP_RESAMPLES = 10_000;
/** The bootstrap's seed when the caller gives none, so an interval recomputed from stored ratios is the same. */
export const DEFAULT_BOOTSTRAP_SEED = 1;

/** Geometric mean of per-round ratios with its interval; undefined when fewer than 2 finite positive ratios. */
export function pairedRatio(
  ratios: readonly number[],
  level = DEFAULT_LEVEL,
  seed = DEFAULT_BOOTSTRAP_SEED,
  resamples = BOOTSTRAP_RESAMPLES,
): PairedRatio | undefined {
  const used = ratios.filter((r) => Number.isFinite(r) && r > 0);
  if (used.length < 2) return undefined;
  const logs = used.map(Math.log);
  const log = meanInterval(logs, level, seed, resamples)!;
  return {
    estimate: Math.exp(log.estimate),
    low: Math.exp(log.low),
    high: Math.exp(log.high),
    level,
    method: log.method,
    n: used.length,
    ratios: used,
    logSd: log.sd,
  };
}

/**
 * Arithmetic mean of per-round values with its interval: Student's t below BOOTSTRAP_MIN_N values,
 * an expanded percentile bootstrap from there on (see bootstrapInterval). Non-finite values are
 * dropped; undefined when fewer than 2 remain. Bounds are judged on the arithmetic mean because
 * some bounded figures can be 0 (errors, lag); pass logs to get a geometric one.
 */
export function meanInterval(
  values: readonly number[],
  level = DEFAULT_LEVEL,
  seed = DEFAULT_BOOTSTRAP_SEED,
  resamples = BOOTSTRAP_RESAMPLES,
): (Interval & { n: number; sd: number }) | undefined {
  const used = values.filter(Number.isFinite);
  const n = used.length;
  if (n < 2) return undefined;
  const mean = used.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(used.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  if (n >= BOOTSTRAP_MIN_N) {
    const [low, high] = bootstrapInterval(used, level, seed, resamples);
    // The percentile interval can sit off the estimate by Monte Carlo error when the spread is ~0.
    return { estimate: mean, low: Math.min(low, mean), high: Math.max(high, mean), level, method: 'bootstrap', n, sd };
  }
  const half = studentT(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  return { estimate: mean, low: mean - half, high: mean + half, level, method: 't', n, sd };
}

/**
 * Percentile bootstrap of the mean, expanded for small samples (Hesterberg 2015, "What Teachers
 * Should Know About the Bootstrap", The American Statistician 69(4)): the plain percentile
 * interval is too narrow at small n — it uses z instead of t and the plug-in SD (divisor n) — so
 * the tail probability is taken where z = sqrt(n/(n-1)) · t_{n-1}. At n = 10 and 95% that is the
 * 0.85% and 99.15% quantiles instead of 2.5% and 97.5%. It keeps the bootstrap's point (following a
 * skewed spread of log ratios) while matching the t interval's coverage when the spread is normal.
 */
function bootstrapInterval(
  values: readonly number[],
  level: number,
  seed: number,
  resamples: number,
): [number, number] {
  const n = values.length;
  const data = Float64Array.from(values);
  const means = new Float64Array(resamples);
  // seededRandom's mulberry32, inlined: the resampling loop is the whole cost of an interval.
  let state = seed >>> 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      sum += data[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n)]!;
    }
    means[r] = sum / n;
  }
  const tail = normalCdf(-Math.sqrt(n / (n - 1)) * studentT(1 - (1 - level) / 2, n - 1));
  return [quantile(means, tail), quantile(means, 1 - tail)];
}

/**
 * The p quantile with linear interpolation between order statistics (Hyndman & Fan type 7), found
 * by selection rather than a full sort. Reorders `values`.
 */
function quantile(values: Float64Array, p: number): number {
  const h = (values.length - 1) * Math.min(1, Math.max(0, p));
  const below = Math.floor(h);
  const value = select(values, below);
  if (below + 1 >= values.length) return value;
  let next = Infinity; // everything after `below` is now at least `value`: the next order statistic is their minimum
  for (let i = below + 1; i < values.length; i++) if (values[i]! < next) next = values[i]!;
  return value + (h - below) * (next - value);
}

/** The k-th smallest value (Wirth's selection); leaves smaller values before k and larger after. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[k]!;
    let i = left;
    let j = right;
    do {
      while (a[i]! < pivot) i++;
      while (pivot < a[j]!) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
  return a[k]!;
}

/**
 * The A/A noise floor: the same server measured against itself in the same rounds. The factor
 * F = exp(t_{(1+level)/2, n} · s0), with s0 the root mean square of the n A/A log ratios, is a
 * prediction interval for one new A/A ratio: [1/F, F] holds it with probability `level`.
 *
 * The A/A ratio's true mean is known to be 1 (log 0), so it is not estimated: s0 is taken about 0
 * with n degrees of freedom. Any systematic A/A offset (say, the second arm of a round running
 * warmer) then widens the floor instead of being subtracted away, which is what a floor should do.
 */
export function noiseFloor(aaRatios: readonly number[], level = DEFAULT_LEVEL): NoiseFloor | undefined {
  const ratios = aaRatios.filter((r) => Number.isFinite(r) && r > 0);
  const n = ratios.length;
  if (n < 2) return undefined;
  const logSd = Math.sqrt(ratios.reduce((s, r) => s + Math.log(r) ** 2, 0) / n);
  return { factor: floorFactor(logSd, n, level), n, logSd, ratios, level };
}

function floorFactor(logSd: number, n: number, level: number): number {
  return Math.exp(studentT(1 - (1 - level) / 2, n) * logSd);
}

/**
 * A single-trial ratio widened by the floor: [r/F, r·F], method 'floor'. It decides only beyond the
 * noise a single pair of trials shows. `level` defaults to the floor's; a wider one (Bonferroni)
 * recomputes F from the same A/A ratios.
 */
export function floorInterval(ratio: number, floor: NoiseFloor, level = floor.level): Interval {
  const factor = level === floor.level ? floor.factor : floorFactor(floor.logSd, floor.n, level);
  return { estimate: ratio, low: ratio / factor, high: ratio * factor, level, method: 'floor' };
}

/**
 * Student t quantile (inverse CDF) for p in (0, 1) and df ≥ 1 (real df allowed). Exact formulas
 * for df 1 and 2; otherwise a Cornish–Fisher start refined by safeguarded Newton steps on the
 * exact CDF (regularized incomplete beta), to about 1e-12 relative.
 */
export function studentT(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df >= 1))
    throw new RangeError(`studentT needs 0 < p < 1 and df >= 1, got p=${p}, df=${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentT(1 - p, df);
  const q = 1 - p; // upper tail
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * q);
  const z = normalQuantile(p);
  let t = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
  let low = 0;
  let high = Math.max(t, 1);
  while (tTail(high, df) > q) high *= 2;
  if (!(t > low && t < high)) t = (low + high) / 2;
  for (let i = 0; i < 200; i++) {
    const f = tTail(t, df) - q;
    if (f > 0) low = t;
    else high = t;
    let next = t + f / tDensity(t, df); // tail falls as t grows: d(tail)/dt = -density
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, t)) return next;
    t = next;
  }
  return t;
}

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTwoSidedP(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T > t) for t ≥ 0. */
function tTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

function tDensity(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Regularized incomplete beta I_x(a, b), by its continued fraction (Numerical Recipes §6.4). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    for (const coefficient of [
      (m * (b - m) * x) / ((a - 1 + m2) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2)),
    ]) {
      d = 1 + coefficient * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + coefficient / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 digits). */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let sum = g[0]!;
  for (let i = 1; i < 9; i++) sum += g[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Standard normal CDF via erfc (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-z * z + poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (u: number): number =>
    (((((c[0]! * u + c[1]!) * u + c[2]!) * u + c[3]!) * u + c[4]!) * u + c[5]!) /
    ((((d[0]! * u + d[1]!) * u + d[2]!) * u + d[3]!) * u + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const u = p - 0.5;
  const r = u * u;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * u) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
