/**
 * The guide's decision framework as data: every rule `verdict decide` applies, each with the
 * guide's own sentence (verbatim from article.txt; test/decide/rules.test.ts checks), the
 * condition on the profile, and what it pushes the decision towards. Then the conflicts between
 * rules, each with how it is resolved and why. The engine (engine.ts) only walks these lists.
 *
 * Precedence (higher wins), and why:
 *   3 ecosystem  every row where the guide says Node lacks the libraries: AI (the AI rule, and
 *                the 18-month horizon when AI is planned), data science ("the library ecosystem
 *                has no equivalent in Node") and jobs over large datasets ("process structured
 *                data ... Node effectively does not"). One principle for all three: skill cannot
 *                stand in for a library that does not exist, so these beat the team override for
 *                the AI/data part of the system (conflicts below say what happens to the rest).
 *   2 override   "The one rule that overrides the table": it outranks every table row.
 *   1 table      the nine rows of the decision table, one vote each.
 *   0 tie-break  consulted only when nothing above decides.
 */
import { RUNTIME_NAMES, SKILL_RANK, type Outcome, type Runtime, type Situation } from './situation.js';

export type RuleKind = 'ecosystem' | 'override' | 'table' | 'tie-break' | 'horizon' | 'hybrid';

export interface Rule {
  id: string;
  kind: RuleKind;
  /** Higher wins; 0 is consulted only when nothing higher decides. */
  precedence: number;
  /** Votes within its precedence level. */
  weight: number;
  /** Where in the guide the sentence is. */
  section: string;
  /** The guide's own words, verbatim. */
  quote: string;
  when(s: Situation): boolean;
  /** 'none': the rule informs confidence and risks, not the choice. */
  favours(s: Situation): Outcome | 'none';
  /** Which facts of the profile made it fire. */
  because(s: Situation): string;
  /**
   * The guide's measurable claims behind this rule, as ids of the claims catalogue
   * (src/claims/catalogue.ts): `verdict report` judges them, and decide cites that judgement.
   */
  claims?: string[];
}

const TABLE = 'Decision Framework table';
const row = (
  id: string,
  quote: string,
  favours: Runtime,
  when: (s: Situation) => boolean,
  because: (s: Situation) => string,
  claims?: string[],
): Rule => ({
  id,
  kind: 'table',
  precedence: 1,
  weight: 1,
  section: TABLE,
  quote,
  when,
  favours: () => favours,
  because,
  ...(claims ? { claims } : {}),
});
const skills = (s: Situation) => `JavaScript ${s.profile.skills.javascript}, Python ${s.profile.skills.python}`;

/** Claims of the catalogue the rules rest on (the catalogue's ids; rules.test.ts checks they exist). */
const NORMAL_TRAFFIC = ['normal-traffic-gap'];
const NODE_CONNECTIONS = ['high-end-node-wins', 'thousands-of-connections', 'tens-of-thousands-low-memory'];
const NODE_REALTIME = ['native-advantage-websocket', 'native-advantage-sse'];
const PYTHON_NUMERICS = ['numpy-wins-cpu'];

export const RULES: Rule[] = [
  // The nine rows of the table ("Decision Framework: When to Choose Each").
  row(
    'row-realtime',
    '| Real-time app (chat, live notifications, websockets) | Node.js |',
    'node',
    (s) => s.touches('realtime'),
    () => 'the project has real-time features',
    NODE_REALTIME,
  ),
  row(
    'row-ai',
    '| AI/ML integration or LLM-powered features | Python |',
    'python',
    (s) => s.aiNow,
    () => 'the project has AI/ML or LLM features',
  ),
  row(
    'row-data-science',
    '| Data science or analytics pipeline | Python |',
    'python',
    (s) => s.touches('data-science'),
    () => 'the project has a data science or analytics pipeline',
    PYTHON_NUMERICS,
  ),
  row(
    'row-rest-api-javascript',
    '| REST API, team already knows JavaScript | Node.js |',
    'node',
    (s) => s.touches('rest-api') && s.alreadyKnows('javascript'),
    (s) => `a REST API, and JavaScript is the language the team knows best (${skills(s)})`,
    NORMAL_TRAFFIC,
  ),
  row(
    'row-rest-api-python',
    '| REST API, team already knows Python | Python |',
    'python',
    (s) => s.touches('rest-api') && s.alreadyKnows('python'),
    (s) => `a REST API, and Python is the language the team knows best (${skills(s)})`,
    [...NORMAL_TRAFFIC, 'fastapi-competitive'],
  ),
  row(
    'row-react-frontend',
    '| Full-stack with React or Next.js frontend | Node.js |',
    'node',
    (s) => s.touches('react-frontend'),
    () => 'a full-stack project with a React or Next.js front end',
  ),
  row(
    'row-high-concurrency',
    '| High-concurrency microservice (thousands of simultaneous connections) | Node.js |',
    'node',
    (s) => s.touches('high-concurrency') || s.concurrency !== 'normal',
    (s) =>
      s.concurrency !== 'normal'
        ? `thousands of simultaneous connections (peak ${s.profile.peakConnections.toLocaleString('en-GB')})`
        : `the project lists thousands of simultaneous connections (though the expected peak is ` +
          `${s.profile.peakConnections.toLocaleString('en-GB')})`,
    NODE_CONNECTIONS,
  ),
  row(
    'row-background-jobs',
    '| Background jobs processing large datasets | Python |',
    'python',
    (s) => s.touches('background-jobs'),
    () => 'background jobs over large datasets',
    PYTHON_NUMERICS,
  ),
  {
    id: 'row-greenfield',
    kind: 'table',
    precedence: 1,
    weight: 1,
    section: TABLE,
    quote: '| Greenfield project, no existing team | Depends on whether AI features are planned |',
    when: (s) => s.profile.greenfield && s.noTeam,
    favours: (s) => (s.aiInScope ? 'python' : 'none'),
    because: (s) => `greenfield with no existing team; AI planned within 18 months: ${s.profile.aiPlanned}`,
  },
  {
    id: 'override-team',
    kind: 'override',
    precedence: 2,
    weight: 1,
    section: TABLE,
    quote: 'The one rule that overrides the table: use what your team already knows well.',
    when: (s) => s.knowsWellOnly !== undefined,
    favours: (s) => s.knowsWellOnly ?? 'none',
    because: (s) =>
      `the team knows ${s.knowsWellOnly === 'node' ? 'JavaScript/TypeScript' : 'Python'} well (strong) and the ` +
      `other language less well`,
    claims: NORMAL_TRAFFIC,
  },
  {
    id: 'ai-rule',
    kind: 'ecosystem',
    precedence: 3,
    weight: 1,
    section: 'Key Takeaways',
    quote:
      'When the project touches AI even slightly, choose Python; retrofitting ML pipelines onto a Node.js ' +
      'backend is significantly more work than starting in the right place',
    when: (s) => s.aiNow,
    favours: () => 'python',
    because: () => 'the project touches AI in its first release',
  },
  {
    id: 'horizon-ai-planned',
    kind: 'ecosystem',
    precedence: 3,
    weight: 1,
    section: 'AI and ML Integration',
    quote: 'But consider where the project is likely to be in 18 months before deciding.',
    when: (s) => !s.aiNow && s.profile.aiPlanned === 'yes',
    favours: () => 'python',
    because: () => 'AI features are planned within 18 months, so the AI rule applies ahead of time',
  },
  {
    id: 'horizon-ai-maybe',
    kind: 'horizon',
    precedence: 3,
    weight: 0,
    section: 'AI and ML Integration',
    quote: 'But consider where the project is likely to be in 18 months before deciding.',
    when: (s) => !s.aiNow && s.profile.aiPlanned === 'maybe',
    favours: () => 'none',
    because: () => 'AI features may come within 18 months: not a plan, so it lowers confidence rather than deciding',
  },
  {
    id: 'ecosystem-data',
    kind: 'ecosystem',
    precedence: 3,
    weight: 1,
    section: 'TL;DR',
    quote:
      'Python is the clear winner for anything touching AI, ML, or data science; the library ecosystem has no ' +
      'equivalent in Node',
    when: (s) => s.touches('data-science'),
    favours: () => 'python',
    because: () => 'the data science pipeline needs libraries (NumPy, Pandas, scikit-learn) that Node does not have',
    claims: PYTHON_NUMERICS,
  },
  {
    // The same principle as the AI and data science rules, for the table's dataset row: the
    // guide's library sentence names "process structured data" beside language models and ML.
    id: 'ecosystem-data-engineering',
    kind: 'ecosystem',
    precedence: 3,
    weight: 1,
    section: 'Ecosystem and Package Availability',
    quote:
      'If your project will ever run a language model, process structured data, or consume a machine learning ' +
      'pipeline, Python has the tools and Node effectively does not.',
    when: (s) => s.touches('background-jobs'),
    favours: () => 'python',
    because: () =>
      'the background jobs process large datasets, data engineering where the guide says Node lacks the ' +
      'libraries (Pandas, NumPy)',
    claims: PYTHON_NUMERICS,
  },
  {
    id: 'when-in-doubt',
    kind: 'tie-break',
    precedence: 0,
    weight: 1,
    section: 'TL;DR',
    quote: 'When in doubt, choose based on what your project will touch first and what your team already knows',
    when: (s) => s.profile.skills.javascript !== s.profile.skills.python,
    favours: (s) => (SKILL_RANK[s.profile.skills.javascript] > SKILL_RANK[s.profile.skills.python] ? 'node' : 'python'),
    because: (s) =>
      `nothing else decides, and the team knows JavaScript ${s.profile.skills.javascript}, Python ` +
      `${s.profile.skills.python}`,
  },
  {
    id: 'hiring-market',
    kind: 'tie-break',
    precedence: 0,
    weight: 0.5,
    section: 'Frequently Asked Questions',
    quote: 'Node.js roles are more numerous in the general web development market.',
    when: () => true,
    favours: () => 'node',
    because: () => 'nothing else decides; Node.js roles are easier to fill and its day rates are lower at every level',
  },
  {
    id: 'hybrid-architecture',
    kind: 'hybrid',
    precedence: 3,
    weight: 0,
    section: 'Frequently Asked Questions',
    quote:
      'A Node.js API gateway handles routing and concurrency; Python microservices handle ML inference or data ' +
      'processing.',
    // Never fires on its own: a conflict resolution below chooses it.
    when: () => false,
    favours: () => 'hybrid',
    because: () =>
      "a conflict between rules was resolved by splitting the system along the guide's hybrid architecture",
  },
];

export const ruleById = (id: string): Rule => {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
};

/** What the engine knows when it checks for conflicts. */
export interface DecisionState {
  fired: Set<string>;
  /** The choice so far (precedence order, then earlier conflicts). */
  outcome: Outcome;
}

export interface Conflict {
  id: string;
  title: string;
  /** The rules that pull against each other (their ids, when fired, are cited). */
  between: string[];
  when(s: Situation, state: DecisionState): boolean;
  resolve(s: Situation, state: DecisionState): Outcome;
  explain(s: Situation, resolved: Outcome): string;
}

/** The rules that say Node lacks the libraries: where they fire, skill cannot decide the AI/data part. */
export const LIBRARY_RULES = ['ai-rule', 'horizon-ai-planned', 'ecosystem-data', 'ecosystem-data-engineering'];
const ecosystemFired = (st: DecisionState) => LIBRARY_RULES.some((id) => st.fired.has(id));
const concurrencyFired = (st: DecisionState) => st.fired.has('row-realtime') || st.fired.has('row-high-concurrency');
const firedRows = (s: Situation, st: DecisionState, side: Runtime) =>
  RULES.filter((r) => r.kind === 'table' && st.fired.has(r.id) && r.favours(s) === side);

const opposingRows = (s: Situation, st: DecisionState) =>
  firedRows(s, st, s.knowsWellOnly === 'node' ? 'python' : 'node').filter((r) => !r.id.startsWith('row-rest-api-'));

/** Checked in this order; each may change the outcome the next one sees. */
export const CONFLICTS: Conflict[] = [
  {
    id: 'javascript-team-vs-ai',
    title: "A JavaScript team, but the project needs Python's AI or data libraries",
    between: ['override-team', ...LIBRARY_RULES],
    when: (s, st) => s.knowsWellOnly === 'node' && ecosystemFired(st),
    resolve: () => 'hybrid',
    explain: () =>
      'The override rule is about implementation skill ("A good Python developer will outperform a mediocre ' +
      'Node.js developer"); ' +
      'the AI and data rules are about libraries Node does not have ("The libraries in this space have no ' +
      'genuine equivalents in Node"). ' +
      'Skill cannot stand in for a missing library, so the AI/data part goes to Python services, and the rest ' +
      'stays in Node.js ' +
      "where the team is strong: the guide's own hybrid architecture.",
  },
  {
    id: 'concurrency-vs-ai',
    title: 'Real-time or high-concurrency traffic and AI or data work in the same project',
    between: ['row-realtime', 'row-high-concurrency', ...LIBRARY_RULES],
    when: (s, st) => s.knowsWellOnly !== 'node' && ecosystemFired(st) && concurrencyFired(st),
    resolve: (s) => (s.knowsWellOnly === 'python' && s.concurrency !== 'extreme' ? 'python' : 'hybrid'),
    explain: (s, resolved) =>
      resolved === 'python'
        ? 'The team knows Python well and the peak is below the "tens of thousands" where the guide says Python ' +
          'falls behind; ' +
          'the guide also says "Python is a viable choice for most real-time applications", so one Python ' +
          'service carries both.'
        : `Node.js for the connections and Python for the AI or data work is exactly the guide's hybrid: "A ` +
          `Node.js API gateway handles routing and concurrency". ` +
          (s.knowsWellOnly === 'python'
            ? 'Even a Python team should not carry tens of thousands of connections in Python alone.'
            : 'No team strength argues for one runtime doing both.'),
  },
  {
    id: 'table-vs-ai',
    title: 'Table rows favour Node.js, but AI or data work is in scope',
    between: ['row-react-frontend', 'row-rest-api-javascript', ...LIBRARY_RULES],
    when: (s, st) =>
      s.knowsWellOnly !== 'node' && ecosystemFired(st) && !concurrencyFired(st) && firedRows(s, st, 'node').length > 0,
    resolve: () => 'python',
    explain: (s) =>
      s.aiInScope
        ? 'The AI rule outranks single table rows: the guide calls AI "the most important differentiator in 2026" ' +
          'and warns that ' +
          'retrofitting ML onto Node is significantly more work. The rows that favour Node.js become ' +
          'trade-offs, not the decision.'
        : 'The rows that favour Node.js can be met in Python at the cost of shared types; the data work cannot be ' +
          'met in Node: ' +
          '"Python has the tools and Node effectively does not". With no team strong in JavaScript to keep a ' +
          'Node.js side, one ' +
          'Python service carries both, and the rows that favour Node.js become trade-offs.',
  },
  {
    id: 'team-vs-table',
    title: "The team's language differs from what the table rows recommend",
    between: [
      'override-team',
      'row-realtime',
      'row-high-concurrency',
      'row-react-frontend',
      'row-rest-api-javascript',
      'row-rest-api-python',
      'row-background-jobs',
      'row-ai',
      'row-data-science',
    ],
    // The REST API rows ask the override's own question ("what the team knows"): neither counts as
    // a disagreement with it.
    when: (s, st) => s.knowsWellOnly !== undefined && !ecosystemFired(st) && opposingRows(s, st).length > 0,
    resolve: (s) => s.knowsWellOnly!,
    explain: (s) =>
      `The guide says this rule "overrides the table": "Technical debt from poor implementation costs more than ` +
      `any runtime performance difference." ` +
      `${RUNTIME_NAMES[s.knowsWellOnly!]} it is.` +
      (s.knowsWellOnly === 'python' && s.concurrency === 'extreme'
        ? ' At tens of thousands of connections this is the riskiest use of the override: measure before committing.'
        : ''),
  },
  {
    id: 'rows-split',
    title: 'Table rows point both ways and no team strength decides',
    between: [
      'row-realtime',
      'row-high-concurrency',
      'row-react-frontend',
      'row-rest-api-javascript',
      'row-rest-api-python',
    ],
    // Rows needing Python's libraries (data science, dataset jobs) fire an ecosystem rule too, and
    // the conflicts above settle them; what is left here is rows about traffic, front end and team.
    when: (s, st) =>
      s.knowsWellOnly === undefined &&
      !ecosystemFired(st) &&
      firedRows(s, st, 'node').length > 0 &&
      firedRows(s, st, 'python').length > 0,
    resolve: (_s, st) => st.outcome,
    explain: (_s, resolved) =>
      `The rows are weighed one vote each, with the tie-breaks when they are level: ${RUNTIME_NAMES[resolved]}.`,
  },
  {
    id: 'node-vs-ai-maybe',
    title: 'Node.js now, but AI features may come within 18 months',
    between: ['horizon-ai-maybe', 'ai-rule'],
    when: (_s, st) => st.fired.has('horizon-ai-maybe') && st.outcome === 'node',
    resolve: () => 'node',
    explain: () =>
      'A "maybe" is not a plan, so it does not flip the choice; it lowers confidence. Keep AI work behind a ' +
      'service boundary ' +
      "(HTTP or a message queue) so a Python service can be added later, the guide's hybrid, instead of " +
      'retrofitting ML onto Node.',
  },
];
