/**
 * Skip reasons that are built in more than one place. A server that does not implement a workload
 * gets skipped cells with this reason; tables leave such servers out (by its code, not its words)
 * instead of listing rows of "skipped".
 */
import type { SkipReason } from './schema.js';

export const notImplementedReason = (server: string, workload: string): SkipReason => ({
  code: 'not-implemented',
  sentence: `${server} does not implement the ${workload} workload`,
});
