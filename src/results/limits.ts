/**
 * How large a results file verdict agrees to read, in one place: `verdict report`, `verdict
 * compare`, `verdict decide` and the web app (its folder and its uploads) all apply these caps.
 *
 * The figures leave a wide margin over the largest real runs (measured 2026-11-30 on the runs of
 * that day: at most 226 KB, 5 servers, 210 cells; a default run today measures 7 servers) and stop
 * well short of what hurts: without them a 100 MB file took 470 MB of memory and overflowed the
 * stack in `verdict report`, a 31 MB file of 50,000 cells took 16 s to report, and a 2.5 MB upload
 * with 3,000 servers held the web app's event loop for about a second (2.5 s in the first report).
 *
 * Each cap is checked before the work it protects, cheapest first: the byte size (from stat, or
 * Content-Length for uploads) before anything is read; the nesting depth by one linear scan before
 * JSON.parse; the numbers of servers and cells right after JSON.parse, before the schema check and
 * the report, whose statistics (bootstrap intervals) cost time in proportion to the cells.
 */

/**
 * 5 MB: 22 times the largest real file. A default run writes about 0.2-0.3 MB (about 1.1 KB per
 * cell), so the cap also admits a file at the cell cap below. Bounds the CLI's memory to tens of MB.
 */
export const MAX_RESULTS_BYTES = 5 * 1024 * 1024;
export const MAX_RESULTS_TEXT = '5 MB';

/**
 * 64 servers: the repository has 7 and a real run measured at most 5. The report's per-server
 * tables and charts grow faster than the servers do (3,000 servers: 0.8 s of rendering alone).
 */
export const MAX_SERVERS = 64;

/**
 * 4,000 cells: 19 times the largest real run (210). A default run of the 7 servers records about
 * 100 cells a round, so this admits `--rounds 40`. The report's bootstrap intervals cost time in
 * proportion to the cells: at the cap the slowest file we could build (every workload, 22 rounds
 * per arm) took 0.95 s from text to report on this 2-core machine at a load average of 6 to 10 (the
 * upload of the sample run: about 0.1 s), a pause of the web app rather than seconds of it;
 * 50,000 cells took 16 s.
 */
export const MAX_CELLS = 4_000;

/**
 * 64 levels of arrays and objects: a results file nests 4 (document, cells, cell, latency); the cap
 * keeps a file of 100,000 `[` from reaching any code that recurses (the schema, error formatting).
 */
export const MAX_NESTING_DEPTH = 64;

/** Numbers as people read them in messages: 10,000 and 4.5 MB. */
export function countText(value: number): string {
  return value.toLocaleString('en-US');
}

export function megabytesText(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Whether the JSON text opens more than `max` arrays or objects inside one another, by one pass
 * over the characters (brackets inside strings do not count). Linear and allocation-free, so it can
 * run before JSON.parse on anything up to the byte cap.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}
