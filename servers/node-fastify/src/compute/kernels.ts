/**
 * The compute workload's implementations on Node: hand-written loops over Float64Array
 * ("typed-array") and mathjs, the most used general numeric library on npm ("mathjs"). Each runs
 * synchronously on the event loop, as CPU-bound work in a Node handler does (python-fastapi-tuned
 * computes on its event loop too). Each returns what verdict compares across implementations.
 */
import { computeData, PERCENTILES, percentileOfSorted, samplePositions, type ComputeData } from './data.js';

export const IMPLEMENTATIONS = ['typed-array', 'mathjs'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export interface MatmulSummary {
  size: number;
  /** The sum of every entry of C = A B, its trace and a few entries. */
  sum: number;
  trace: number;
  samples: { row: number; column: number; value: number }[];
}

export interface StatsSummary {
  count: number;
  mean: number;
  /** Population standard deviation (divides by n, NumPy's default ddof = 0). */
  std: number;
  p50: number;
  p90: number;
  p99: number;
}

function summarise(n: number, entry: (row: number, column: number) => number, sum: number): MatmulSummary {
  let trace = 0;
  for (let i = 0; i < n; i += 1) trace += entry(i, i);
  return {
    size: n,
    sum,
    trace,
    samples: samplePositions(n).map(([row, column]) => ({ row, column, value: entry(row, column) })),
  };
}

/** i-k-j loop order: the inner loop walks a row of B and of C, contiguous in memory. */
export function matmulTypedArray(data: ComputeData = computeData()): MatmulSummary {
  const { size: n, a, b } = data;
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    const rowC = i * n;
    for (let k = 0; k < n; k += 1) {
      const aik = a[rowC + k]!;
      const rowB = k * n;
      for (let j = 0; j < n; j += 1) c[rowC + j]! += aik * b[rowB + j]!;
    }
  }
  let sum = 0;
  for (let i = 0; i < c.length; i += 1) sum += c[i]!;
  return summarise(n, (row, column) => c[row * n + column]!, sum);
}

/** Two passes for the deviation (mean first), and one numeric sort of a copy for the percentiles. */
export function statsTypedArray(data: ComputeData = computeData()): StatsSummary {
  const values = data.sample;
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i += 1) {
    const d = values[i]! - mean;
    squares += d * d;
  }
  // A typed array's sort() is numeric (no comparator needed); the copy keeps the data unsorted.
  const sorted = values.slice().sort();
  const [p50, p90, p99] = PERCENTILES.map((p) => percentileOfSorted(sorted, p)) as [number, number, number];
  return { count: n, mean, std: Math.sqrt(squares / n), p50, p90, p99 };
}

type MathJs = typeof import('mathjs');

interface MathJsData {
  math: MathJs;
  a: import('mathjs').Matrix;
  b: import('mathjs').Matrix;
  /** mathjs takes plain arrays or its own matrices, not typed arrays. */
  sample: number[];
}

let mathjsData: Promise<MathJsData> | undefined;

/** mathjs and its copies of the data, loaded on first use like the data itself. */
function loadMathJs(): Promise<MathJsData> {
  mathjsData ??= import('mathjs').then((math) => {
    const { size: n, a, b, sample } = computeData();
    const rows = (m: Float64Array) => Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n)));
    // Declaring the datatype lets mathjs use its number-only kernels instead of generic dispatch.
    return {
      math,
      a: math.matrix(rows(a), 'dense', 'number'),
      b: math.matrix(rows(b), 'dense', 'number'),
      sample: Array.from(sample),
    };
  });
  return mathjsData;
}

export async function matmulMathJs(): Promise<MatmulSummary> {
  const { math, a, b } = await loadMathJs();
  const c = math.multiply(a, b);
  const n = a.size()[0]!;
  return summarise(n, (row, column) => c.get([row, column]) as number, math.sum(c) as number);
}

export async function statsMathJs(): Promise<StatsSummary> {
  const { math, sample } = await loadMathJs();
  // mathjs's quantileSeq interpolates exactly as NumPy's default (index (n - 1) p, linear).
  const [p50, p90, p99] = math.quantileSeq(
    sample,
    PERCENTILES.map((p) => p / 100),
  ) as unknown as [number, number, number];
  return {
    count: sample.length,
    mean: math.mean(sample) as number,
    std: math.std(sample, 'uncorrected') as unknown as number,
    p50,
    p90,
    p99,
  };
}

export const MATMUL: Record<Implementation, () => MatmulSummary | Promise<MatmulSummary>> = {
  'typed-array': matmulTypedArray,
  mathjs: matmulMathJs,
};
export const STATS: Record<Implementation, () => StatsSummary | Promise<StatsSummary>> = {
  'typed-array': statsTypedArray,
  mathjs: statsMathJs,
};
