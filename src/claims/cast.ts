/**
 * The claims name verdict's own servers (node-fastify, python-fastapi-tuned, ...). A results file
 * of servers verdict did not start (`results.source`, e.g. `verdict bench --target`) has other
 * names: there, the one server of a role's runtime and variant plays that role, and the claims are
 * read with its name. A role no server (or more than one) could play stays unfilled: its checks
 * say "not measured", as in any run without that server.
 */
import type { Results } from '../results/schema.js';
import { ROLES } from './catalogue.js';
import type { Claim, ClaimTest, Side } from './types.js';

/** Role name to the server playing it, for a file whose servers verdict did not start; empty otherwise. */
export function castOf(results: Results): Map<string, string> {
  const cast = new Map<string, string>();
  if (!results.source) return cast;
  const present = new Set(results.servers.map((s) => s.name));
  for (const [role, { runtime, variant }] of Object.entries(ROLES)) {
    if (present.has(role)) continue;
    const players = results.servers.filter((s) => s.runtime === runtime && s.variant === variant);
    if (players.length === 1) cast.set(role, players[0]!.name);
  }
  return cast;
}

/** The claim as the cast reads it: its tests and its words name the servers that play each role. */
export function castClaim(claim: Claim, cast: ReadonlyMap<string, string>): Claim {
  if (cast.size === 0) return claim;
  const name = (server: string) => cast.get(server) ?? server;
  const side = (s: Side): Side => ({ ...s, server: name(s.server) });
  const text = (words: string) => [...cast].reduce((t, [role, player]) => t.replaceAll(role, player), words);
  const test = (t: ClaimTest): ClaimTest =>
    t.kind === 'bound'
      ? { ...t, servers: t.servers.map(name), beside: t.beside.map(name) }
      : {
          ...t,
          a: side(t.a),
          b: side(t.b),
          ...(t.beside ? { beside: t.beside.map((pair) => ({ a: side(pair.a), b: side(pair.b) })) } : {}),
        };
  return { ...claim, predicate: text(claim.predicate), rationale: text(claim.rationale), tests: claim.tests.map(test) };
}
