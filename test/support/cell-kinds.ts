/**
 * Narrowing a cell a test read back (from a results file, an import, a bench run) to the kind the
 * test expects: a cell of another kind fails the test with its outcome and reason, instead of a
 * figure reading as undefined.
 */
import {
  whyNotCompleted,
  type Cell,
  type CompletedCell,
  type ErroredCell,
  type SkippedCell,
} from '../../src/results/schema.js';

function describe(cell: Cell | undefined): string {
  if (!cell) return 'no cell';
  return cell.outcome === 'completed' ? 'a completed cell' : `an ${cell.outcome} cell (${whyNotCompleted(cell)})`;
}

export function asCompleted(cell: Cell | undefined): CompletedCell {
  if (cell?.outcome !== 'completed') throw new Error(`expected a completed cell, got ${describe(cell)}`);
  return cell;
}

export function asErrored(cell: Cell | undefined): ErroredCell {
  if (cell?.outcome !== 'errored') throw new Error(`expected an errored cell, got ${describe(cell)}`);
  return cell;
}

export function asSkipped(cell: Cell | undefined): SkippedCell {
  if (cell?.outcome !== 'skipped') throw new Error(`expected a skipped cell, got ${describe(cell)}`);
  return cell;
}
