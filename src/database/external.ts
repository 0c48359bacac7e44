/** A PostgreSQL the user already runs, given with --database-url. verdict never stops it. */
import { VerdictError } from '../core/errors.js';
import { connectionInfo } from './info.js';
import type { Database } from './types.js';

export async function connectExternal(databaseUrl: string, log: (line: string) => void = () => {}): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(databaseUrl);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error('not postgres');
  } catch {
    throw new VerdictError(
      `--database-url is not a PostgreSQL URL: '${redact(databaseUrl)}'`,
      'use the form postgres://user:password@127.0.0.1:5432/dbname',
      2,
    );
  }
  let info;
  try {
    info = await connectionInfo(databaseUrl, { createExtension: true });
  } catch (error) {
    throw new VerdictError(
      `cannot connect to --database-url ${redact(databaseUrl)}: ${(error as Error).message}`,
      'check that PostgreSQL is running and the URL, user and password are right',
    );
  }
  log(
    `using PostgreSQL ${info.version} at ${parsed.hostname}:${parsed.port || 5432} (max_connections ` +
      `${info.maxConnections})`,
  );
  if (!info.statementsAvailable) {
    log(
      'pg_stat_statements is not loaded there: queries per request cannot be counted (add it to ' +
        'shared_preload_libraries)',
    );
  }
  const notHere = async () => {
    throw new VerdictError(
      'verdict cannot stop or restart a database it did not start',
      'omit --database-url to use the embedded PostgreSQL',
    );
  };
  return {
    url: databaseUrl,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    embedded: false,
    version: info.version,
    maxConnections: info.maxConnections,
    statementsAvailable: info.statementsAvailable,
    logTail: () => [],
    pause: notHere,
    resume: notHere,
    // Someone else's server: verdict does not move its processes.
    pinTo: async () => false,
    stop: async () => {},
  };
}

/** Hides the password of a connection string before it is printed. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
