export type { Database, StartOptions } from './types.js';
export { EMBEDDED_MAX_CONNECTIONS } from './types.js';
export { DEFAULT_ROWS, seedUsers, usersChecksum } from './seed.js';
export { countUserQueries, settledUserQueryCount } from './statements.js';
export { pingDatabase } from './client.js';
export { redact } from './external.js';

import { connectExternal } from './external.js';
import { startEmbedded } from './embedded.js';
import type { Database, StartOptions } from './types.js';

/** The embedded PostgreSQL, or the one at --database-url when given. */
export async function startDatabase(options: StartOptions = {}): Promise<Database> {
  return options.databaseUrl ? connectExternal(options.databaseUrl, options.log) : startEmbedded(options);
}
