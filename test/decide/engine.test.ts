import { describe, expect, it } from 'vitest';
import { decide } from '../../src/decide/engine.js';
import { parseProfile } from '../../src/decide/profile.js';
import { CASES } from './cases.js';

describe('the decision engine, one profile per line', () => {
  it('has at least 20 cases, covering every table row, the override, every conflict and the hybrid', async () => {
    const { RULES, CONFLICTS } = await import('../../src/decide/rules.js');
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    const fired = new Set(CASES.flatMap((c) => c.fired));
    for (const rule of RULES.filter((r) => r.kind === 'table')) expect(fired, rule.id).toContain(rule.id);
    expect(fired).toContain('override-team');
    expect(fired).toContain('hybrid-architecture');
    const conflicts = new Set(CASES.flatMap((c) => c.conflicts));
    for (const conflict of CONFLICTS) expect(conflicts, conflict.id).toContain(conflict.id);
    expect(new Set(CASES.map((c) => c.outcome))).toEqual(new Set(['node', 'python', 'hybrid']));
  });

  it.each(CASES)('$name', (c) => {
    const decision = decide(parseProfile(c.profile, 'test'));
    expect(decision.outcome).toBe(c.outcome);
    expect(decision.fired.map((r) => r.id)).toEqual(expect.arrayContaining(c.fired));
    expect(decision.conflicts.map((r) => r.id)).toEqual(c.conflicts);
    expect(decision.confidence.level).toBe(c.confidence);
    if (c.risks) expect(decision.risks.map((r) => r.id)).toEqual(expect.arrayContaining(c.risks));
    for (const id of c.notFired ?? []) expect(decision.fired.map((r) => r.id)).not.toContain(id);
  });

  it('explains every conflict it resolved, and the confidence it cost', () => {
    const decision = decide(parseProfile({ touches: ['ai'], skills: { javascript: 'strong' } }, 'test'));
    const [conflict] = decision.conflicts;
    expect(conflict!.rules).toEqual(['override-team', 'ai-rule']);
    expect(conflict!.resolution).toBe('hybrid');
    expect(conflict!.explanation).toMatch(/Skill cannot stand in for a missing library/);
    expect(decision.confidence.reasons).toEqual(['conflict "javascript-team-vs-ai" had to be resolved']);
    expect(decision.decidedAt).toBe('conflict');
  });

  it('every fired rule carries its quote and why it fired for this profile', () => {
    const decision = decide(parseProfile({ touches: ['realtime'], peakConnections: 2500 }, 'test'));
    const highConcurrency = decision.fired.find((r) => r.id === 'row-high-concurrency')!;
    expect(highConcurrency.quote).toBe(
      '| High-concurrency microservice (thousands of simultaneous connections) | Node.js |',
    );
    expect(highConcurrency.because).toBe('thousands of simultaneous connections (peak 2,500)');
    expect(highConcurrency.favours).toBe('node');
  });

  it('the AI rule outranks any number of Node.js rows', () => {
    const decision = decide(
      parseProfile({ touches: ['ai', 'react-frontend', 'rest-api'], skills: { javascript: 'some' } }, 'test'),
    );
    expect(decision.outcome).toBe('python');
    expect(decision.tradeOffs.map((t) => t.id)).toContain('lose-language-unification');
  });
});
