/**
 * What a targets run needs from the bench loop beyond its servers: the database (theirs, only to
 * count queries, never seeded), where the load generator runs, and what the results file records.
 */
import { startDatabase, type Database } from '../database/index.js';
import type { Placement } from '../machine/environment.js';
import type { Environment, Source } from '../results/schema.js';
import { notAvailableWithTargets, type BenchTarget } from './target.js';

/**
 * No database verdict can reach: the targets use their own. Nothing is counted (no
 * pg_stat_statements) and nothing is started or stopped.
 */
const NO_DATABASE: Database = {
  url: '',
  host: '',
  port: 0,
  embedded: false,
  version: 'not available',
  // Not known; the type wants a number, and the results file records null (targetsRecord).
  maxConnections: 1,
  statementsAvailable: false,
  logTail: () => [],
  pause: async () => undefined,
  resume: async () => undefined,
  pinTo: async () => false,
  stop: async () => undefined,
};

/** The targets' database at --database-url (read for query counts only), or none. */
export async function targetsDatabase(databaseUrl: string | undefined, log: (line: string) => void): Promise<Database> {
  if (databaseUrl) return startDatabase({ databaseUrl, log });
  log("no --database-url: the targets' queries per request are not counted");
  return NO_DATABASE;
}

/** The targets are not pinned by verdict: only the load generator is placed. */
export function targetsPlacement(placement: Placement): Placement {
  if (!placement.generator) return { ...placement, servers: null };
  return {
    ...placement,
    servers: null,
    note: `load generator on CPU ${placement.generator}; the targets run where they run (verdict did not start them)`,
  };
}

/** The results file's record of a targets run: the source, and what its environment cannot say. */
export function targetsRecord(
  targets: readonly BenchTarget[],
  database: Database,
  environment: Environment,
  toolVersion: string,
): { source: Source; environment: Environment } {
  const counted = database.statementsAvailable;
  return {
    source: {
      kind: 'targets',
      engine: { name: 'verdict', version: toolVersion },
      runners: 1,
      targets: targets.map(({ name, url, runtime, label }) => ({ name, url, runtime, label })),
      notAvailable: notAvailableWithTargets(counted),
    },
    environment: {
      ...environment,
      ...(database === NO_DATABASE
        ? { postgres: "not available (the targets' own database; --database-url to count queries)" }
        : {}),
      database: {
        ...environment.database,
        embedded: false,
        maxConnections: database === NO_DATABASE ? null : database.maxConnections,
        queryCounting: counted,
      },
      processModel: 'not known: the targets were not started by verdict',
    },
  };
}
