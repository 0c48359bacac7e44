/**
 * Pairing trials by round. Two arms measured in the same round of the same block ran minutes
 * apart at most seconds apart, so whatever the machine was doing then fell on both: their ratio
 * is one paired observation (Abedi and Brecht's randomized multiple interleaved trials). Trials of
 * different rounds are never paired.
 */
import { isCompleted, type Cell, type CompletedCell } from './schema.js';

export interface PairedSample {
  /** The rounds both sides completed, in order. */
  rounds: number[];
  a: number[];
  b: number[];
}

/** Key of a trial's round: its block and round number. */
const roundKey = (cell: Cell) => `${cell.block}#${cell.round}`;

/**
 * The values of two sides' completed trials, matched by block and round. A round one side lost
 * (errored, skipped, no figure) is dropped from both: an unmatched trial has no partner to share
 * its noise with.
 */
export function pairByRound(
  a: readonly Cell[],
  b: readonly Cell[],
  pick: (cell: CompletedCell) => number | null,
): PairedSample {
  const byRound = new Map<string, number>();
  for (const cell of b) {
    const value = isCompleted(cell) ? pick(cell) : null;
    if (value !== null && Number.isFinite(value)) byRound.set(roundKey(cell), value);
  }
  const pairs: { round: number; a: number; b: number }[] = [];
  for (const cell of a) {
    const value = isCompleted(cell) ? pick(cell) : null;
    const partner = byRound.get(roundKey(cell));
    if (value === null || !Number.isFinite(value) || partner === undefined) continue;
    pairs.push({ round: cell.round, a: value, b: partner });
  }
  pairs.sort((x, y) => x.round - y.round);
  return { rounds: pairs.map((p) => p.round), a: pairs.map((p) => p.a), b: pairs.map((p) => p.b) };
}

/**
 * A rate read so that a trial with no response still gives a ratio: zero becomes one response in
 * the trial's window, the most it could have served while recording none. A ratio against it is
 * then a lower bound on the true advantage, so a round in which one side answered nothing counts
 * for the other side instead of being dropped.
 */
export function atLeastOneResponse(
  pick: (cell: CompletedCell) => number | null,
): (cell: CompletedCell) => number | null {
  return (cell) => {
    const value = pick(cell);
    return value === 0 ? 1 / Math.max(cell.durationSeconds, 1) : value;
  };
}

/** Per-round ratios of a sample, oriented so that above 1 means a is better; rounds with a zero side are dropped. */
export function roundRatios(sample: PairedSample, better: 'higher' | 'lower'): number[] {
  const ratios: number[] = [];
  sample.a.forEach((a, i) => {
    const b = sample.b[i]!;
    const ratio = better === 'higher' ? a / b : b / a;
    if (Number.isFinite(ratio) && ratio > 0) ratios.push(ratio);
  });
  return ratios;
}

/** The A/A trials of a run: the replicate arm and the same server's ordinary arm, paired by round. */
export function aaPairs(cells: readonly Cell[], pick: (cell: CompletedCell) => number | null): PairedSample {
  const replicates = cells.filter((c) => c.aa);
  if (replicates.length === 0) return { rounds: [], a: [], b: [] };
  const server = replicates[0]!.server;
  const originals = cells.filter((c) => !c.aa && c.server === server && c.workload === replicates[0]!.workload);
  return pairByRound(originals, replicates, pick);
}
