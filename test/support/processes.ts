/** Finding what a run left behind, by a marker in the environment every process of the run inherits. */
import { readdirSync, readFileSync } from 'node:fs';

/** Processes whose environment carries the marker: everything a run started inherits it. */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // gone, a kernel thread, or not ours to read
    }
  }
  return found;
}
