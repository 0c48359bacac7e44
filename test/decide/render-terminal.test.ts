import { describe, expect, it } from 'vitest';
import { palette } from '../../src/core/output.js';
import { parseProfile } from '../../src/decide/profile.js';
import { loadRates } from '../../src/decide/rates.js';
import { recommend } from '../../src/decide/recommend.js';
import { renderTerminal } from '../../src/decide/render-terminal.js';
import { sampleResults } from './results-fixture.js';

const profile = parseProfile(
  {
    name: 'chat',
    touches: ['realtime', 'rest-api'],
    skills: { javascript: 'strong', python: 'some' },
    team: { mid: 1, senior: 2, principal: 1 },
    hiring: 'contract',
    location: 'elsewhere',
    aiPlanned: 'maybe',
    peakConnections: 1000,
  },
  'test',
);
const rec = recommend({
  profile,
  rates: loadRates(),
  results: { data: sampleResults(), file: 'results/fixture.json', why: 'given with --results' },
});

// Reviewed by hand: the numbers follow from the rates file (contract, outside London) and the
// fixture (tuned servers at 1,000 connections, RSS growth from the 10-connection level); the
// claims are the claims engine's, as `verdict report` prints them. Python knows only "some", so
// the "team already knows Python" row does not fire beside a strong JavaScript team.
const EXPECTED =
  `Recommendation: Node.js (confidence: medium)

Profile
  touches            realtime, rest-api
  ` +
  `greenfield         no
  team knows         JavaScript/TypeScript strong, Python some
  team               4 ` +
  `(1 mid, 2 senior, 1 principal), contract, UK outside London
  AI within 18 months maybe
  peak connections   ` +
  `1,000

Rules that fired (the guide's words)
  row-realtime [table, Node.js]: the project has real-time ` +
  `features
    "| Real-time app (chat, live notifications, websockets) | Node.js |" (Decision Framework ` +
  `table)
  row-rest-api-javascript [table, Node.js]: a REST API, and JavaScript is the language the team knows ` +
  `best (JavaScript strong, Python some)
    "| REST API, team already knows JavaScript | Node.js |" (Decision ` +
  `Framework table)
  row-high-concurrency [table, Node.js]: thousands of simultaneous connections (peak ` +
  `1,000)
    "| High-concurrency microservice (thousands of simultaneous connections) | Node.js |" (Decision ` +
  `Framework table)
  override-team [override, Node.js]: the team knows JavaScript/TypeScript well (strong) and ` +
  `the other language less well
    "The one rule that overrides the table: use what your team already knows ` +
  `well." (Decision Framework table)
  horizon-ai-maybe [horizon, no vote]: AI features may come within 18 ` +
  `months: not a plan, so it lowers confidence rather than deciding
    "But consider where the project is ` +
  `likely to be in 18 months before deciding." (AI and ML Integration)

Conflicts between rules
  Node.js now, ` +
  `but AI features may come within 18 months (node-vs-ai-maybe; horizon-ai-maybe)
    resolved: Node.js. A ` +
  `"maybe" is not a plan, so it does not flip the choice; it lowers confidence. Keep AI work behind a service ` +
  `boundary (HTTP or a message queue) so a Python service can be added later, the guide's hybrid, instead of ` +
  `retrofitting ML onto Node.

Confidence: medium
  - conflict "node-vs-ai-maybe" had to be resolved

Risks
  - ` +
  `If the AI features do come, adding ML to a Node.js backend is the expensive path.
    guide: "retrofitting ` +
  `ML pipelines onto a Node.js backend is significantly more work than starting in the right place"
    ` +
  `mitigation: Keep a service boundary (HTTP or a message queue) where a Python service can be added: the ` +
  `hybrid path.
  - AI providers' Node.js SDKs trail their Python ones.
    guide: "Node.js SDKs exist but they ` +
  `tend to lag behind feature parity, have thinner documentation, and are not the runtime the provider’s ` +
  `engineering team uses internally."
  - npm's quality spread is wide; dependencies need vetting.
    guide: ` +
  `"The breadth can also be a weakness: the quality spread across 2 million packages is enormous, and ` +
  `dependency hygiene matters more in the Node ecosystem."
    mitigation: Pin versions, keep a lock file, ` +
  `audit new dependencies.

Trade-offs
  + Node.js carries the connections, the workload its event loop was ` +
  `designed for.
    guide: "The event loop model handles tens of thousands of concurrent connections with low ` +
  `memory overhead."

Monthly team cost (contract, UK outside London, 4 people)
  Node.js  £29,800–£47,000
  ` +
  `Python   £32,300–£50,700
  Hybrid   £29,800–£50,700 (depends on the split)
  Assumptions:
    - Team of 4 (1 ` +
  `mid-level, 2 senior, 1 principal/lead); each level is priced at the guide's level of the same name ` +
  `(Mid-level, Senior, Principal/Lead).
    - Contract: day rate x 21 working days a month (260 weekdays less 8 ` +
  `bank holidays, over 12 months), no holidays or gaps deducted (verdict's assumption, not the guide's).
    - ` +
  `Outside London: 20-30% lower (the low end takes the larger cut, the high end the smaller).
    - Rates: The ` +
  `guide (guide/article.txt), section "UK Hiring Market Rates in 2026": day-rate table and permanent salaries, ` +
  `2026; figures for London.
    - Day rates and salaries are the guide's figures, read as London figures; ` +
  `outside London both come down 20-30% ("Outside London, both rates come down 20-30%").
    - The guide gives ` +
  `permanent salaries for senior engineers only; the Python figure is for a senior Python engineer in London ` +
  `with ML experience, and its upper bound is "£135,000+".
    - Hybrid: any split of the team between the ` +
  `runtimes costs between all-Node.js and all-Python.

Evidence from measurements
  results/fixture.json: given ` +
  `with --results
  run of 2026-11-20T10:00:00.000Z, completed; Test CPU 3000, 2 cores, Node 20.20.0, Python ` +
  `3.11.2, PostgreSQL 18.4; 1 process per server for both runtimes
  users at 1,000 connections:
    Node.js  ` +
  `node-fastify (tuned, 3 trials): req/s, median (range) 2,400 (2,300–2,500); p99 latency, median 700 ms; RSS / ` +
  `added connection 93.1 KiB (RSS growth from 10 to 1,000 connections); failed requests 0 of 36,000
    ` +
  `Python   python-fastapi-tuned (tuned, 3 trials): req/s, median (range) 950 (850–1,050); p99 latency, median ` +
  `1,900 ms; RSS / added connection 186.2 KiB (RSS growth from 10 to 1,000 connections); failed requests 0 of ` +
  `14,250
    node-fastify ran 2.53x [2.16x, 2.97x] 95%, 3 rounds faster than python-fastapi-tuned at 1000 ` +
  `connections
  The websocket workload was not measured in this run.
  The guide's claims behind the fired ` +
  `rules, as verdict report judges them:
    supported     high-end-node-wins (row-high-concurrency): "What ` +
  `Python cannot match is Node’s performance at the very high end of concurrent I/O."
      node-fastify vs ` +
  `python-fastapi-tuned: 2.53x [2.16x, 2.97x] 95%, 3 rounds (2,400 vs 950 2xx req/s) at 1,000 connections, ` +
  `needs ≥ 1.1x supports; ≤ 1x refutes
      Backs the choice: measured as the guide says for Node.js.
    ` +
  `supported     thousands-of-connections (row-high-concurrency): "it can handle thousands of concurrent ` +
  `connections without spawning a thread per connection"
      node-fastify: 0% failed requests [0% failed ` +
  `requests, 0% failed requests] 95%, 3 rounds at 1,000 connections, needs ≤ 1% failed requests
      Backs the ` +
  `choice: measured as the guide says for Node.js.
    inconclusive  native-advantage-websocket (row-realtime): ` +
  `"For websocket servers, server-sent events, or APIs that fan out to many downstream services per request, ` +
  `Node.js has a native advantage."
      node-fastify vs python-fastapi-tuned: websocket not measured in this ` +
  `run
      Undecided by this run: it neither backs nor weakens the choice.
    inconclusive  ` +
  `native-advantage-sse (row-realtime): "For websocket servers, server-sent events, or APIs that fan out to ` +
  `many downstream services per request, Node.js has a native advantage."
      node-fastify vs ` +
  `python-fastapi-tuned: sse not measured in this run
      Undecided by this run: it neither backs nor weakens ` +
  `the choice.
`;

describe('the terminal renderer', () => {
  it('prints the exact text for a profile with a conflict, risks, costs and evidence', () => {
    expect(renderTerminal(rec, palette(false))).toBe(EXPECTED);
  });

  it('colours through the palette only, so the text without escapes is identical', () => {
    const coloured = renderTerminal(rec, palette(true));
    expect(coloured).toContain('\u001b[32mNode.js\u001b[39m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes (ESC [ n m)
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(EXPECTED);
  });

  it('says plainly when no measurements were used, and why', () => {
    const text = renderTerminal(
      recommend({ profile, rates: loadRates(), noResults: '--results none was given' }),
      palette(false),
    );
    expect(text.endsWith('Evidence from measurements\n  No measurements were used: --results none was given.\n')).toBe(
      true,
    );
  });
});
