/**
 * Asks for the profile on a terminal: questions on stderr (stdout stays clean for the result),
 * Enter accepts the [default], a wrong answer is explained and asked again, Ctrl-C or Ctrl-D quits.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ExitCode, UsageError, VerdictError } from '../core/errors.js';
import { AI_PLANS, HIRING, LOCATIONS, SKILLS, TOUCHES, TOUCH_LABELS, type Level } from './profile.js';

export interface PromptStreams {
  input: Readable;
  output: Writable;
}

export async function askProfile({ input, output }: PromptStreams): Promise<Record<string, unknown>> {
  const rl = createInterface({ input, output, terminal: true });
  // Lines are read through the interface's async iterator, which queues them: answers typed
  // ahead or pasted all at once are kept for the next questions instead of being dropped.
  const lines = rl[Symbol.asyncIterator]();
  const interrupted = new Promise<never>((_resolve, reject) => {
    rl.on('SIGINT', () => reject(new VerdictError('interrupted', undefined, ExitCode.interrupted)));
  });
  interrupted.catch(() => undefined);
  const say = (text: string) => output.write(`${text}\n`);

  /** Asks until `read` accepts the answer; `read` throws a UsageError to explain a wrong one. */
  async function ask<T>(question: string, fallback: string, read: (answer: string) => T): Promise<T> {
    for (;;) {
      rl.setPrompt(`${question} [${fallback}]: `);
      rl.prompt();
      const line = await Promise.race([lines.next(), interrupted]);
      if (line.done)
        throw new UsageError(
          'the input ended before the profile was complete',
          'answer every question, or pass --profile <file>',
        );
      const answer = String(line.value).trim();
      try {
        return read(answer === '' ? fallback : answer);
      } catch (error) {
        say(`  ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const oneOf =
    <T extends string>(allowed: readonly T[]) =>
    (answer: string): T => {
      const match = allowed.find((a) => a === answer.toLowerCase());
      if (!match) throw new UsageError(`please answer one of ${allowed.join(', ')}`);
      return match;
    };
  const count =
    (max: number) =>
    (answer: string): number => {
      if (!/^\d+$/.test(answer) || Number(answer) > max)
        throw new UsageError(`please answer a whole number from 0 to ${max}`);
      return Number(answer);
    };

  try {
    say('Describe the project (Enter accepts the [default]; Ctrl-C quits).');
    const name = await ask('Project name', 'the backend', (a) => a);
    say('What will the project touch?');
    TOUCHES.forEach((t, i) => say(`  ${i + 1}. ${t}: ${TOUCH_LABELS[t]}`));
    const touches = await ask('Numbers or names, comma-separated, or "none"', 'none', readTouches);
    const greenfield = (
      await ask('Greenfield project? yes/no', 'no', oneOf(['yes', 'no', 'y', 'n'] as const))
    ).startsWith('y');
    const javascript = await ask(
      'How well does the team know JavaScript/TypeScript? none/some/strong',
      'none',
      oneOf(SKILLS),
    );
    const python = await ask('How well does the team know Python? none/some/strong', 'none', oneOf(SKILLS));
    let team: Record<Level, number>;
    for (;;) {
      say('Team (people to staff the backend, including anyone you will hire):');
      team = {
        mid: await ask('  Mid-level engineers', '2', count(500)),
        senior: await ask('  Senior engineers', '2', count(500)),
        principal: await ask('  Principal/lead engineers', '0', count(500)),
      };
      if (team.mid + team.senior + team.principal > 0) break;
      say('  the team needs at least one person');
    }
    const hiring = await ask('Hiring: permanent/contract', 'permanent', oneOf(HIRING));
    const location = await ask('Location: london/elsewhere (UK outside London)', 'london', oneOf(LOCATIONS));
    const aiPlanned = touches.includes('ai')
      ? 'yes'
      : await ask('AI features planned within 18 months? yes/maybe/no', 'no', oneOf(AI_PLANS));
    const peakConnections = await ask('Expected peak of concurrent connections', '100', (a) => {
      if (!/^\d+$/.test(a) || Number(a) < 1 || Number(a) > 10_000_000)
        throw new UsageError('please answer a whole number from 1 to 10000000');
      return Number(a);
    });
    say('');
    return {
      name,
      touches,
      greenfield,
      skills: { javascript, python },
      team,
      hiring,
      location,
      aiPlanned,
      peakConnections,
    };
  } finally {
    rl.close();
  }
}

function readTouches(answer: string): string[] {
  if (answer.toLowerCase() === 'none') return [];
  const picked = answer
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((part) => {
      const index = Number(part);
      const touch =
        Number.isInteger(index) && index >= 1 && index <= TOUCHES.length
          ? TOUCHES[index - 1]
          : TOUCHES.find((t) => t === part.toLowerCase());
      if (!touch) throw new UsageError(`'${part}' is not one of 1-${TOUCHES.length} or ${TOUCHES.join(', ')}`);
      return touch;
    });
  return [...new Set(picked)];
}
