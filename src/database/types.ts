/** A PostgreSQL that servers and load tests can use, embedded or given with --database-url. */
export interface Database {
  /** Connection string the servers receive as DATABASE_URL. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly embedded: boolean;
  /** e.g. "18.4" */
  readonly version: string;
  readonly maxConnections: number;
  /** Whether pg_stat_statements is loaded, so queries per request can be counted. */
  readonly statementsAvailable: boolean;
  /** The last lines PostgreSQL logged (embedded only), for error messages. */
  logTail(): string[];
  /** Stops the server and keeps its data (embedded only): used to test how servers fail. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port with the same data. */
  resume(): Promise<void>;
  /**
   * Moves PostgreSQL (the postmaster and every process it has started; new backends inherit it)
   * onto these CPUs, and to `niceness` when given. Only the embedded server: returns false for
   * --database-url or without taskset.
   */
  pinTo(cpus: string, options?: { niceness?: number }): Promise<boolean>;
  /** Stops the server and removes its data folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Use this existing PostgreSQL instead of starting one. */
  databaseUrl?: string;
  /** Progress lines for the user (stderr). */
  log?: (line: string) => void;
}

/** The connection limit the embedded server is started with: 1,000 load connections + headroom. */
export const EMBEDDED_MAX_CONNECTIONS = 1200;
