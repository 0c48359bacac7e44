/**
 * The calibration file `verdict calibrate` writes (results/calibrate-<time>.json), and the part of
 * it a results file carries (`calibration`): how many requests a second this machine's load
 * generator can drive per core (its ceiling) and how closely each of verdict's own closed-model
 * drivers agrees with wrk on the same server (its fidelity). Versioned and validated like the
 * results file.
 */
import { z } from 'zod';

export const CALIBRATION_SCHEMA_ID = 'verdict-calibration';
export const CALIBRATION_VERSION = 1;

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const calibrationDriverSchema = z.enum(['wrk', 'lean', 'autocannon']);

/** What the generators were measured against. */
export const calibrationTargetSchema = z.object({
  /** no-work: a responder that answers a fixed small body at once; server: a server under test with its database. */
  kind: z.enum(['no-work', 'server']),
  name: z.string(),
  path: z.string(),
  description: z.string(),
});

/** One driver's trial at one level in one round. */
export const calibrationTrialSchema = z.object({
  driver: calibrationDriverSchema,
  connections: count,
  round: z.number().int().positive(),
  /** Its place in the round's seeded random order (1 = first). */
  position: z.number().int().positive(),
  durationSeconds: nonNegative,
  requests: count,
  requestsPerSecond: nonNegative,
  errors: count,
  timeouts: count,
  non2xx: count,
  latencyP50Ms: nonNegative.nullable(),
  latencyP99Ms: nonNegative.nullable(),
  /** The generator's CPU over the trial, in percent of one core (summed over its processes or threads). */
  generatorCpuPercent: nonNegative,
  /** Its CPU time per response, in microseconds; null without responses. */
  generatorCpuUsPerRequest: nonNegative.nullable(),
  /** How busy the generator's CPUs were in all (anything else running there shows here). */
  generatorCoreBusyPercent: nonNegative.nullable(),
  /** The target's CPU, in percent of one core. */
  targetCpuPercent: nonNegative.nullable(),
});
export type CalibrationTrial = z.infer<typeof calibrationTrialSchema>;

/**
 * A driver's ceiling at one level: the requests per second one generator core can drive, each
 * round's req/s over the generator's CPU share (in cores), median over rounds. When the generator
 * did not fill its CPU (the target was the limit) the figure is extrapolated from its CPU per
 * request, which falls as load rises (more responses per wake-up): a conservative figure.
 */
export const generatorCeilingSchema = z.object({
  driver: calibrationDriverSchema,
  connections: count,
  requestsPerCoreSecond: nonNegative,
  /** Median req/s achieved against the target and the generator's CPU share meanwhile. */
  requestsPerSecond: nonNegative,
  generatorCpuPercent: nonNegative,
  generatorCpuUsPerRequest: nonNegative.nullable(),
  /** True when the generator's CPU was full (the ceiling was reached, not extrapolated). */
  saturated: z.boolean(),
  rounds: z.number().int().positive(),
});
export type GeneratorCeiling = z.infer<typeof generatorCeilingSchema>;

/** A driver's req/s over wrk's on the same target, paired by round (geometric mean, interval). */
export const fidelitySchema = z.object({
  driver: calibrationDriverSchema,
  reference: z.literal('wrk'),
  connections: count,
  ratio: nonNegative,
  low: nonNegative,
  high: nonNegative,
  /** Confidence of [low, high], e.g. 0.95. */
  level: z.number().gt(0).lt(1),
  rounds: z.number().int().positive(),
  ratios: z.array(nonNegative),
  /**
   * agrees: the whole interval within ±tolerance of 1; reads-low / reads-high: the whole interval
   * beyond it; inconclusive: neither (more rounds would decide).
   */
  verdict: z.enum(['agrees', 'reads-low', 'reads-high', 'inconclusive']),
  tolerance: nonNegative,
});
export type Fidelity = z.infer<typeof fidelitySchema>;

export const calibrationEnvironmentSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  os: z.string(),
  kernel: z.string(),
  node: z.string(),
  /** CPUs of the target and of the generator (taskset lists), null when not pinned. */
  targetCpus: z.string().nullable(),
  generatorCpus: z.string().nullable(),
  /** Cores the generator had: its per-core ceiling times these is what it can drive in all. */
  generatorCores: z.number().int().positive(),
  /** The version of each driver measured. */
  drivers: z.record(z.string(), z.string()),
});

export const calibrationPlanSchema = z.object({
  drivers: z.array(calibrationDriverSchema).min(1),
  levels: z.array(count).min(1),
  rounds: z.number().int().positive(),
  durationSeconds: nonNegative,
  warmupSeconds: nonNegative,
  seed: z.number().int().nonnegative(),
  timeoutSeconds: nonNegative,
});

export const calibrationSchema = z.object({
  schema: z.literal(CALIBRATION_SCHEMA_ID),
  version: z.literal(CALIBRATION_VERSION),
  id: z.string(),
  tool: z.object({ name: z.literal('verdict'), version: z.string() }),
  createdAt: z.string(),
  environment: calibrationEnvironmentSchema,
  target: calibrationTargetSchema,
  plan: calibrationPlanSchema,
  /** The closed-model driver verdict bench uses by default on this machine. */
  defaultDriver: calibrationDriverSchema,
  trials: z.array(calibrationTrialSchema),
  ceilings: z.array(generatorCeilingSchema),
  fidelity: z.array(fidelitySchema),
});
export type Calibration = z.infer<typeof calibrationSchema>;

/** What a results file carries of a calibration: where it came from, the ceilings and the fidelity. */
export const calibrationSummarySchema = z.object({
  /** file: the newest matching `verdict calibrate` file; bench: a short ceiling-only one the bench ran itself. */
  source: z.enum(['file', 'bench']),
  file: z.string().nullable(),
  id: z.string(),
  createdAt: z.string(),
  target: calibrationTargetSchema,
  environment: calibrationEnvironmentSchema,
  plan: calibrationPlanSchema,
  ceilings: z.array(generatorCeilingSchema),
  fidelity: z.array(fidelitySchema),
});
export type CalibrationSummary = z.infer<typeof calibrationSummarySchema>;
