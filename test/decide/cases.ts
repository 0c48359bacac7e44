/**
 * The table-driven cases: a profile (as a user would write it in a file), the expected choice,
 * the rules that must fire, the conflicts that must be detected, and the confidence. Each line
 * says why that is the guide's answer.
 */
import type { Outcome } from '../../src/decide/situation.js';

export interface Case {
  name: string;
  profile: Record<string, unknown>;
  outcome: Outcome;
  fired: string[];
  conflicts: string[];
  confidence: 'high' | 'medium' | 'low';
  /** Risks that must be listed. */
  risks?: string[];
  /** Rules that must not fire. */
  notFired?: string[];
}

const js = (javascript: string, python = 'none') => ({ skills: { javascript, python } });

export const CASES: Case[] = [
  // Every row of the guide's decision table, alone.
  {
    name: 'table: real-time app',
    profile: { touches: ['realtime'] },
    outcome: 'node',
    fired: ['row-realtime'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: AI/ML integration',
    profile: { touches: ['ai'] },
    outcome: 'python',
    fired: ['row-ai', 'ai-rule'],
    conflicts: [],
    confidence: 'high',
    risks: ['ml-hiring-lead-time'],
  },
  {
    name: 'table: data science pipeline',
    profile: { touches: ['data-science'] },
    outcome: 'python',
    fired: ['row-data-science', 'ecosystem-data'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: REST API, team knows JavaScript',
    profile: { touches: ['rest-api'], ...js('some') },
    outcome: 'node',
    fired: ['row-rest-api-javascript'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: REST API, team knows Python',
    profile: { touches: ['rest-api'], ...js('none', 'some') },
    outcome: 'python',
    fired: ['row-rest-api-python'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: full-stack with React/Next.js',
    profile: { touches: ['react-frontend'] },
    outcome: 'node',
    fired: ['row-react-frontend'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: high-concurrency microservice (from the peak alone)',
    profile: { peakConnections: 5000 },
    outcome: 'node',
    fired: ['row-high-concurrency'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: background jobs over large datasets',
    profile: { touches: ['background-jobs'] },
    outcome: 'python',
    fired: ['row-background-jobs'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: greenfield, no team, AI planned',
    profile: { greenfield: true, aiPlanned: 'yes' },
    outcome: 'python',
    fired: ['row-greenfield', 'horizon-ai-planned'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'table: greenfield, no team, no AI: the other rows decide',
    profile: { greenfield: true, touches: ['realtime'], aiPlanned: 'no' },
    outcome: 'node',
    fired: ['row-greenfield', 'row-realtime'],
    conflicts: [],
    confidence: 'high',
  },

  // The override rule.
  {
    name: 'override: Python team wins over Node.js rows',
    profile: { touches: ['realtime', 'high-concurrency'], ...js('none', 'strong') },
    outcome: 'python',
    fired: ['override-team', 'row-realtime', 'row-high-concurrency'],
    conflicts: ['team-vs-table'],
    confidence: 'medium',
    risks: ['python-extreme-concurrency'],
  },
  {
    name: 'override agrees with the table: no conflict',
    profile: { touches: ['rest-api'], ...js('strong', 'some') },
    outcome: 'node',
    fired: ['override-team', 'row-rest-api-javascript'],
    notFired: ['row-rest-api-python'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'override at tens of thousands of connections',
    profile: { touches: ['rest-api'], peakConnections: 20000, ...js('none', 'strong') },
    outcome: 'python',
    fired: ['override-team', 'row-high-concurrency'],
    conflicts: ['team-vs-table'],
    confidence: 'medium',
    risks: ['python-extreme-concurrency'],
  },

  // Conflicts between the override rule, the AI rule and the table.
  {
    name: 'conflict: JavaScript-only team, AI now -> hybrid',
    profile: { touches: ['ai'], ...js('strong') },
    outcome: 'hybrid',
    fired: ['override-team', 'ai-rule', 'hybrid-architecture'],
    conflicts: ['javascript-team-vs-ai'],
    confidence: 'medium',
    risks: ['ml-hiring-lead-time', 'hybrid-two-stacks'],
  },
  {
    name: 'conflict: JavaScript-only team, AI planned within 18 months -> hybrid',
    profile: { touches: ['rest-api'], aiPlanned: 'yes', ...js('strong') },
    outcome: 'hybrid',
    fired: ['override-team', 'horizon-ai-planned'],
    conflicts: ['javascript-team-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: JavaScript-only team and a data pipeline -> hybrid',
    profile: { touches: ['data-science'], ...js('strong') },
    outcome: 'hybrid',
    fired: ['override-team', 'ecosystem-data'],
    conflicts: ['javascript-team-vs-ai'],
    confidence: 'medium',
  },
  // One principle for every row where the guide says Node lacks the libraries: dataset jobs too.
  {
    name: 'libraries: JavaScript-only team, jobs over large datasets -> hybrid',
    profile: { touches: ['background-jobs'], ...js('strong') },
    outcome: 'hybrid',
    fired: ['override-team', 'row-background-jobs', 'ecosystem-data-engineering', 'hybrid-architecture'],
    conflicts: ['javascript-team-vs-ai'],
    confidence: 'medium',
    risks: ['hybrid-python-skill', 'hybrid-two-stacks'],
  },
  {
    name: 'libraries: JavaScript team with some Python, dataset jobs -> hybrid',
    profile: { touches: ['background-jobs', 'rest-api'], ...js('strong', 'some') },
    outcome: 'hybrid',
    fired: ['override-team', 'row-background-jobs', 'ecosystem-data-engineering', 'row-rest-api-javascript'],
    conflicts: ['javascript-team-vs-ai'],
    confidence: 'medium',
    risks: ['hybrid-python-skill'],
  },
  {
    name: 'libraries: React front end and dataset jobs, no team -> Python',
    profile: { touches: ['react-frontend', 'background-jobs'] },
    outcome: 'python',
    fired: ['row-react-frontend', 'row-background-jobs', 'ecosystem-data-engineering'],
    conflicts: ['table-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: real-time + AI, no team -> hybrid',
    profile: { touches: ['realtime', 'ai'] },
    outcome: 'hybrid',
    fired: ['row-realtime', 'ai-rule', 'hybrid-architecture'],
    conflicts: ['concurrency-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: real-time + AI, Python team, modest peak -> Python',
    profile: { touches: ['realtime', 'ai'], peakConnections: 500, ...js('none', 'strong') },
    outcome: 'python',
    fired: ['row-realtime', 'ai-rule', 'override-team'],
    conflicts: ['concurrency-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: real-time + AI, Python team, tens of thousands -> hybrid',
    profile: { touches: ['realtime', 'ai'], peakConnections: 20000, ...js('none', 'strong') },
    outcome: 'hybrid',
    fired: ['row-realtime', 'row-high-concurrency', 'ai-rule'],
    conflicts: ['concurrency-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: React front end + AI -> Python',
    profile: { touches: ['react-frontend', 'ai'], ...js('some') },
    outcome: 'python',
    fired: ['row-react-frontend', 'ai-rule'],
    conflicts: ['table-vs-ai'],
    confidence: 'medium',
    risks: ['ml-hiring-lead-time'],
  },
  {
    name: 'conflict: Node.js team, AI maybe -> Node.js, lower confidence',
    profile: { touches: ['rest-api'], aiPlanned: 'maybe', ...js('strong') },
    outcome: 'node',
    fired: ['override-team', 'horizon-ai-maybe'],
    conflicts: ['node-vs-ai-maybe'],
    confidence: 'medium',
    risks: ['retrofit-ml', 'node-ai-sdks-lag'],
  },
  {
    name: 'AI maybe with a Python outcome is no conflict',
    profile: { touches: ['rest-api'], aiPlanned: 'maybe', ...js('none', 'strong') },
    outcome: 'python',
    fired: ['override-team', 'horizon-ai-maybe'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'conflict: connections and dataset jobs, no team -> hybrid',
    profile: { touches: ['realtime', 'background-jobs'] },
    outcome: 'hybrid',
    fired: ['row-realtime', 'row-background-jobs', 'ecosystem-data-engineering', 'hybrid-architecture'],
    conflicts: ['concurrency-vs-ai'],
    confidence: 'medium',
  },
  {
    name: 'conflict: rows split, some of both languages -> tie-break',
    profile: { touches: ['rest-api', 'realtime'], ...js('some', 'some') },
    outcome: 'node',
    fired: ['row-rest-api-javascript', 'row-rest-api-python', 'row-realtime'],
    conflicts: ['rows-split'],
    confidence: 'medium',
  },

  // "Already knows": a team that knows JavaScript only a little beside strong Python does not.
  {
    name: 'Python team with AI plans and some JavaScript -> Python, high',
    profile: { touches: ['rest-api'], aiPlanned: 'yes', ...js('some', 'strong') },
    outcome: 'python',
    fired: ['row-rest-api-python', 'override-team', 'horizon-ai-planned'],
    notFired: ['row-rest-api-javascript'],
    conflicts: [],
    confidence: 'high',
  },
  {
    name: 'some JavaScript and no Python: the team already knows JavaScript',
    profile: { touches: ['rest-api'], ...js('some', 'none') },
    outcome: 'node',
    fired: ['row-rest-api-javascript'],
    notFired: ['row-rest-api-python'],
    conflicts: [],
    confidence: 'high',
  },

  // Tie-breaks.
  {
    name: 'tie-break: nothing decides, team knows some JavaScript',
    profile: { ...js('some') },
    outcome: 'node',
    fired: ['when-in-doubt'],
    conflicts: [],
    confidence: 'medium',
  },
  {
    name: 'tie-break: team strong in both, REST API',
    profile: { touches: ['rest-api'], ...js('strong', 'strong') },
    outcome: 'node',
    fired: ['row-rest-api-javascript', 'row-rest-api-python', 'hiring-market'],
    conflicts: ['rows-split'],
    confidence: 'low',
  },
  {
    name: 'tie-break: nothing at all',
    profile: {},
    outcome: 'node',
    fired: ['hiring-market'],
    conflicts: [],
    confidence: 'low',
  },

  // Risks follow the hiring profile.
  {
    name: 'contract hiring of Python ML specialists',
    profile: { touches: ['ai'], greenfield: true, hiring: 'contract' },
    outcome: 'python',
    fired: ['row-ai', 'ai-rule', 'row-greenfield'],
    conflicts: [],
    confidence: 'high',
    risks: ['ml-hiring-lead-time', 'contract-python-scarcity'],
  },
];
