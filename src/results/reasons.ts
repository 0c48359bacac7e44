/**
 * Reasons that renderers recognise. A server that does not implement a workload gets skipped
 * cells with this reason; tables leave such servers out instead of listing rows of "skipped".
 */
export const notImplementedReason = (server: string, workload: string) => `${server} does not implement the ${workload} workload`;

export function isNotImplemented(reason: string | null): boolean {
  return reason !== null && / does not implement the \S+ workload$/.test(reason);
}
