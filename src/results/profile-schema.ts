/**
 * The part of a results file that `verdict bench --profile` writes (`profiles`): where the CPU
 * time of each tuned and reference server went during one extra, unmeasured users trial, as a
 * pruned call tree for the flame graph and the ten functions with the most self time. The raw
 * profiles themselves are files beside the results file. Additive: files without it still read.
 */
import { z } from 'zod';

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

/**
 * What a frame is, for its colour and for a reader: the server's own code (app), a package
 * (library: node_modules, site-packages), the runtime's own code (runtime: node: internals,
 * Python's standard library), compiled code without a script (native), the VM's bookkeeping
 * (vm: V8's "(program)" and "(garbage collector)"), or frames too narrow to draw, merged (merged).
 */
export const frameCategorySchema = z.enum(['app', 'library', 'runtime', 'native', 'vm', 'merged']);
export type FrameCategory = z.infer<typeof frameCategorySchema>;

export const profileFrameSchema = z.object({
  /** The function's name as the profiler gave it, e.g. "routeHandler" or "Route.handle". */
  name: z.string(),
  /**
   * Where it is defined, shortened: "fastify/lib/route.js:321", "starlette/routing.py",
   * "node:internal/streams/writable"; "" when unknown.
   */
  location: z.string(),
  category: frameCategorySchema,
});
export type ProfileFrame = z.infer<typeof profileFrameSchema>;

/**
 * The call tree in preorder: a node's parent comes before it (-1 for the top frames), siblings in
 * the order they are drawn. `total` counts the samples in the node and below it, `self` those in
 * the node itself. Nodes narrower than a small share of all samples are merged into one "merged"
 * node per parent, so the tree (and the SVG drawn from it) stays small.
 */
export const flameTreeSchema = z.object({
  totalSamples: count,
  /** The share of all samples below which nodes were merged (0.001 = 0.1%). */
  minShare: nonNegative,
  frames: z.array(profileFrameSchema),
  nodes: z.array(z.object({ frame: count, parent: z.number().int().min(-1), total: count, self: count })),
});
export type FlameTree = z.infer<typeof flameTreeSchema>;

export const topFunctionSchema = z.object({
  name: z.string(),
  location: z.string(),
  category: frameCategorySchema,
  selfSamples: count,
  /** Self samples as a percentage of all the profile's (non-idle) samples. */
  selfPercent: nonNegative,
  /** Samples with the function anywhere on the stack (recursion counted once), as a percentage. */
  totalPercent: nonNegative,
});
export type TopFunction = z.infer<typeof topFunctionSchema>;

/**
 * recorded: a profile was taken; not-permitted: the system forbids attaching to the process
 * (ptrace); unavailable: the profiler is not installed; failed: anything else went wrong.
 */
export const profileStatusSchema = z.enum(['recorded', 'not-permitted', 'unavailable', 'failed']);
export type ProfileStatus = z.infer<typeof profileStatusSchema>;

export const serverProfileSchema = z.object({
  server: z.string(),
  runtime: z.enum(['node', 'python']),
  variant: z.string(),
  status: profileStatusSchema,
  /** Why there is no profile; null when recorded. */
  reason: z.string().nullable(),
  /** The profiler and its sampling, e.g. "V8 CPU profiler through the inspector, every 1 ms". */
  tool: z.string(),
  /**
   * The raw profile, relative to the results file's folder (a .cpuprofile or py-spy's collapsed stacks); null when
   * none.
   */
  file: z.string().nullable(),
  workload: z.string(),
  connections: count,
  startedAt: z.string(),
  durationSeconds: nonNegative,
  /** The profiled trial's own throughput: lower than the measured cells', the profiler costs CPU. */
  requestsPerSecond: nonNegative.nullable(),
  /** Samples counted (idle samples left out). */
  samples: count,
  topSelf: z.array(topFunctionSchema),
  flame: flameTreeSchema.nullable(),
});
export type ServerProfile = z.infer<typeof serverProfileSchema>;

export const profilesSchema = z.object({
  /** The folder of raw profiles, relative to the results file's folder, e.g. "bench-20261130-101500.profiles". */
  folder: z.string(),
  /** How the profiled trials were run, for the report. */
  method: z.string(),
  servers: z.array(serverProfileSchema),
});
export type Profiles = z.infer<typeof profilesSchema>;
