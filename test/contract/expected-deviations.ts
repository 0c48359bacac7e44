/**
 * Where a server cannot meet the contract because the guide's own code does not, the contract
 * asserts what it does instead: each entry says why and checks the observed behaviour, so a
 * change in that behaviour fails the test (and this table is updated knowingly). The observed
 * behaviour is printed to the test output. A server not listed here gets the full contract.
 */
import { expect } from 'vitest';
import type { ExitInfo } from '../../src/servers/process.js';
import { isJson } from './checks.js';
import type { Probe } from '../support/http.js';

export interface NotFoundObservation {
  probe: Probe;
}

export interface OutageObservation {
  /** The answer to GET /api/users while PostgreSQL is stopped. */
  probe: Probe;
  /** Set when the server process exited during the outage. */
  exited: ExitInfo | null;
}

export interface RecoveryObservation {
  probe: Probe;
  afterMs: number;
  exited: ExitInfo | null;
}

export interface Deviation<T> {
  reason: string;
  /** Asserts the behaviour seen instead of the contract's. */
  verify(observed: T): void;
}

export interface ServerDeviations {
  notFound?: Deviation<NotFoundObservation>;
  outage?: Deviation<OutageObservation>;
  recovery?: Deviation<RecoveryObservation>;
}

const expressExitsOnOutage =
  "pg's Pool emits 'error' when PostgreSQL ends an idle client, and the guide's code has no pool.on('error') " +
  'listener, so Node throws it and the process exits';

export const expectedDeviations: Record<string, ServerDeviations> = {
  'node-express-seed': {
    notFound: {
      reason: "the guide's Express code defines no 404 handler, so Express answers with its default HTML page",
      verify({ probe }) {
        expect(probe.kind).toBe('answer');
        if (probe.kind !== 'answer') return;
        expect(probe.status).toBe(404);
        expect(probe.contentType).toMatch(/^text\/html/);
        expect(probe.text).toContain('Cannot GET');
      },
    },
    outage: {
      reason: expressExitsOnOutage,
      verify({ probe, exited }) {
        expect(exited, 'the process exits during the outage').not.toBeNull();
        expect(exited?.code).toBe(1);
        expect(probe.kind, 'nobody is left to answer').toBe('no-answer');
      },
    },
    recovery: {
      reason: `${expressExitsOnOutage}; nothing restarts it, so it cannot serve again`,
      verify({ probe, exited }) {
        expect(exited).not.toBeNull();
        expect(probe.kind).toBe('no-answer');
      },
    },
  },
  'python-fastapi-seed': {
    outage: {
      reason:
        'the guide calls asyncpg.connect() before its try block, so a failed connect is not turned into its ' +
        'HTTPException: Starlette answers with its plain-text 500',
      verify({ probe, exited }) {
        expect(exited).toBeNull();
        expect(probe.kind).toBe('answer');
        if (probe.kind !== 'answer') return;
        expect(probe.status).toBe(500);
        expect(probe.contentType).toMatch(/^text\/plain/);
        expect(isJson(probe.contentType)).toBe(false);
        expect(probe.text).toBe('Internal Server Error');
        expect(probe.elapsedMs).toBeLessThan(2_000);
      },
    },
  },
};
