/**
 * Risks and trade-offs of a decision, as data. Each quotes the guide where the guide says it
 * (verbatim; tested) and carries a mitigation where there is one. verdict's own notes (the cost
 * of running two stacks) have no quote and say so.
 */
import type { Outcome, Situation } from './situation.js';

export interface Consequence {
  id: string;
  kind: 'risk' | 'trade-off';
  /** Whether it counts for or against the outcome (every risk is against). */
  effect: 'good' | 'bad';
  /** The outcome this is a consequence of. */
  applies(s: Situation, outcome: Outcome): boolean;
  text: string;
  quote?: string;
  mitigation?: string;
}

const usesPython = (o: Outcome) => o !== 'node';
const usesNode = (o: Outcome) => o !== 'python';

export const CONSEQUENCES: Consequence[] = [
  {
    id: 'ml-hiring-lead-time',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) => usesPython(o) && s.aiInScope && s.profile.skills.python !== 'strong',
    text: 'The team is not strong in Python, and AI work needs Python ML specialists, who take longer to hire.',
    quote: 'If you are staffing a team, factor in that Python ML specialists have a longer hiring lead time.',
    mitigation: 'Start hiring for the Python/ML roles first; plan the first AI milestone after their start date.',
  },
  {
    id: 'contract-python-scarcity',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) => usesPython(o) && s.profile.hiring === 'contract',
    text: 'Contract Python specialists (FastAPI, LangChain) are scarcer than Node.js generalists.',
    quote:
      'For contract hiring, Python specialists with FastAPI and LangChain experience are harder to find than ' +
      'Node.js generalists.',
    mitigation: 'Allow a longer search, or hire one permanent Python lead and contract around them.',
  },
  {
    id: 'retrofit-ml',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) => o === 'node' && s.profile.aiPlanned === 'maybe',
    text: 'If the AI features do come, adding ML to a Node.js backend is the expensive path.',
    quote:
      'retrofitting ML pipelines onto a Node.js backend is significantly more work than starting in the right place',
    mitigation:
      'Keep a service boundary (HTTP or a message queue) where a Python service can be added: the hybrid path.',
  },
  {
    id: 'node-ai-sdks-lag',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) => o === 'node' && s.profile.aiPlanned === 'maybe',
    text: "AI providers' Node.js SDKs trail their Python ones.",
    quote:
      'Node.js SDKs exist but they tend to lag behind feature parity, have thinner documentation, and are not ' +
      'the runtime the provider’s engineering team uses internally.',
  },
  {
    id: 'python-extreme-concurrency',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) =>
      o === 'python' && (s.concurrency !== 'normal' || s.touches('realtime') || s.touches('high-concurrency')),
    text: 'Python carries the connections too (peak {peak}); the guide puts Node.js ahead at the top end.',
    quote: 'What Python cannot match is Node’s performance at the very high end of concurrent I/O.',
    mitigation:
      'Measure at the expected peak with `verdict bench`; if Python falls short, put a Node.js gateway in front ' +
      '(hybrid).',
  },
  {
    id: 'skill-gap',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) =>
      !s.noTeam &&
      ((o === 'node' && s.profile.skills.javascript !== 'strong') ||
        (o === 'python' && s.profile.skills.python !== 'strong')),
    text: 'The team does not know {language} well.',
    quote: 'Technical debt from poor implementation costs more than any runtime performance difference.',
    mitigation: 'Hire or appoint one strong lead in the chosen language to set patterns and review.',
  },
  {
    id: 'hybrid-python-skill',
    kind: 'risk',
    effect: 'bad',
    applies: (s, o) => o === 'hybrid' && !s.noTeam && s.profile.skills.python !== 'strong',
    text: 'The Python services are written in the language the team knows less well.',
    quote:
      'A good Python developer will outperform a mediocre Node.js developer regardless of what the benchmark ' +
      'says, and vice versa.',
    mitigation:
      'Hire or appoint one strong Python lead for the services before they are built; keep them small, behind ' +
      'one contract.',
  },
  {
    id: 'node-dependency-hygiene',
    kind: 'risk',
    effect: 'bad',
    applies: (_s, o) => usesNode(o),
    text: "npm's quality spread is wide; dependencies need vetting.",
    quote:
      'The breadth can also be a weakness: the quality spread across 2 million packages is enormous, and ' +
      'dependency hygiene matters more in the Node ecosystem.',
    mitigation: 'Pin versions, keep a lock file, audit new dependencies.',
  },
  {
    id: 'hybrid-two-stacks',
    kind: 'risk',
    effect: 'bad',
    applies: (_s, o) => o === 'hybrid',
    text:
      "It means two runtimes to build, deploy, monitor and hire for, and a network hop between them (verdict's " +
      "note, not the guide's).",
    quote: 'Both communicate over HTTP or a message queue.',
    mitigation:
      'Keep the Python side to the ML/data services; define the boundary as one documented HTTP or queue contract.',
  },
  {
    id: 'lose-language-unification',
    kind: 'trade-off',
    effect: 'bad',
    applies: (s, o) => o === 'python' && s.touches('react-frontend'),
    text:
      'With a React/Next.js front end and a Python backend, types and validation schemas are no longer shared ' +
      'across the stack.',
    quote:
      'If your frontend is React, Vue, or any JavaScript framework, your backend developers can share types, ' +
      'validation schemas, and utility logic across the stack.',
    mitigation: "Generate TypeScript types from FastAPI's OpenAPI document.",
  },
  {
    id: 'fastapi-docs-validation',
    kind: 'trade-off',
    effect: 'good',
    applies: (_s, o) => usesPython(o),
    text: 'FastAPI gives OpenAPI documentation and request/response validation from type hints.',
    quote:
      'The FastAPI version gets you automatic OpenAPI docs at /docs and request/response validation from type ' +
      'hints at no extra cost.',
  },
  {
    id: 'python-rates-higher',
    kind: 'trade-off',
    effect: 'bad',
    applies: (_s, o) => usesPython(o),
    text: "Python engineers cost more at every level in the guide's rate table (see costs).",
    quote: 'Python currently commands slightly higher rates at senior level due to AI demand.',
  },
  {
    id: 'node-concurrency-headroom',
    kind: 'trade-off',
    effect: 'good',
    applies: (s, o) =>
      usesNode(o) && (s.touches('realtime') || s.concurrency !== 'normal' || s.touches('high-concurrency')),
    text: 'Node.js carries the connections, the workload its event loop was designed for.',
    quote: 'The event loop model handles tens of thousands of concurrent connections with low memory overhead.',
  },
];

/** A consequence as reported: plain data. */
export type ConsequenceView = Omit<Consequence, 'applies'>;

const LANGUAGE: Record<Outcome, string> = { node: 'JavaScript/TypeScript', python: 'Python', hybrid: 'both languages' };

/** The peak and the option's language are filled into the text here, so the table above stays plain data. */
export function consequencesFor(s: Situation, outcome: Outcome): ConsequenceView[] {
  return CONSEQUENCES.filter((c) => c.applies(s, outcome)).map(({ applies: _applies, ...c }) => ({
    ...c,
    text: c.text
      .replace('{peak}', `${s.profile.peakConnections.toLocaleString('en-GB')} connections`)
      .replace('{language}', LANGUAGE[outcome]),
  }));
}
