import { withClient } from './client.js';

export interface ConnectionInfo {
  version: string;
  maxConnections: number;
  statementsAvailable: boolean;
}

/** Reads what the results file records about the server, and enables pg_stat_statements if loaded. */
export async function connectionInfo(url: string, options: { createExtension: boolean }): Promise<ConnectionInfo> {
  return withClient(url, async (client) => {
    const setting = async (name: string) =>
      (await client.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name])).rows[0]!.setting;
    const version = await setting('server_version');
    const maxConnections = Number(await setting('max_connections'));
    const preloaded = (await setting('shared_preload_libraries'))
      .split(',')
      .map((s) => s.trim())
      .includes('pg_stat_statements');
    let statementsAvailable = false;
    if (preloaded) {
      if (options.createExtension) await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      const installed = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
      statementsAvailable = installed.rowCount === 1;
    }
    return { version: version.split(' ')[0]!, maxConnections, statementsAvailable };
  });
}
