/**
 * Claims of the guide that no benchmark on this machine can settle, each with why. Listed in the
 * reports so a reader sees they were considered, not forgotten. Quotes are verbatim.
 */
import type { NotMeasurable } from './types.js';

export const NOT_MEASURABLE: readonly NotMeasurable[] = [
  {
    id: 'search-interest',
    quote: 'Search interest in “Node.js vs Python” has grown roughly 25% year-on-year',
    section: 'Opening paragraph',
    why: 'A search-engine statistic: it describes the web, not a server, and nothing running here observes it.',
  },
  {
    id: 'npm-package-count',
    quote: 'Node’s package ecosystem through npm is enormous, with over 2 million published packages.',
    section: 'What Node.js Actually Is',
    why:
      'A registry count: checking it means listing the whole registry, which verdict deliberately does not do, ' +
      'and the number says nothing about how a backend performs.',
  },
  {
    id: 'python-ecosystem-no-equivalent',
    quote:
      'The libraries in this space have no genuine equivalents in Node: PyTorch, scikit-learn, spaCy, Hugging ' +
      'Face Transformers, LangChain.',
    section: 'Ecosystem and Package Availability',
    why:
      "Whether a library is an 'equivalent' is a judgement of features and maturity, not a quantity a benchmark " +
      'produces. The compute workload measures only NumPy-style numerics.',
  },
  {
    id: 'ai-sdk-availability',
    quote: 'Every major AI provider ships Python as the primary SDK.',
    section: 'AI and ML Integration: Python Wins Clearly',
    why:
      "SDK availability is vendors' release policy; it changes month to month and is checked in their " +
      'documentation, not by running code here.',
  },
  {
    id: 'node-sdk-lag',
    quote:
      'Node.js SDKs exist but they tend to lag behind feature parity, have thinner documentation, and are not ' +
      'the runtime the provider’s engineering team uses internally.',
    section: 'AI and ML Integration: Python Wins Clearly',
    why:
      'Feature parity and documentation depth are properties of third-party projects at a point in time; a load ' +
      'test cannot see them.',
  },
  {
    id: 'uk-day-rates',
    quote:
      'Python has pulled slightly ahead at senior level, driven by demand from teams building AI-integrated products.',
    section: 'UK Hiring Market Rates in 2026',
    why:
      "Hiring rates are market data (the guide's table). verdict decide uses them as given, with their source, " +
      'but cannot measure them.',
  },
  {
    id: 'hiring-lead-time',
    quote: 'Python ML specialists have a longer hiring lead time.',
    section: 'UK Hiring Market Rates in 2026',
    why: 'A property of the labour market, not of the software.',
  },
  {
    id: 'node-roles-more-numerous',
    quote: 'Node.js roles are more numerous in the general web development market.',
    section: 'Frequently Asked Questions',
    why: 'A job-board statistic, outside anything a benchmark observes.',
  },
  {
    id: 'language-unification',
    quote: 'In a small team that matters more than any benchmark.',
    section: 'What Node.js Actually Is',
    why:
      'Sharing types and validation schemas across the stack is a team and codebase benefit; the guide itself ' +
      'sets it above benchmarks.',
  },
  {
    id: 'express-less-ceremony',
    quote: 'The Express version requires less ceremony to get running if you already know JavaScript.',
    section: 'Side-by-Side Code Example: Simple REST Endpoint',
    why: 'Ergonomics depend on who writes the code; line counts would be a poor and easily gamed proxy.',
  },
  {
    id: 'developer-skill',
    quote:
      'A good Python developer will outperform a mediocre Node.js developer regardless of what the benchmark ' +
      'says, and vice versa.',
    section: 'Decision Framework: When to Choose Each',
    why: 'About people, not runtimes: the benchmark holds the implementation quality fixed on purpose.',
  },
  {
    id: 'technical-debt-cost',
    quote: 'Technical debt from poor implementation costs more than any runtime performance difference.',
    section: 'Decision Framework: When to Choose Each',
    why:
      "A cost over a project's life; verdict measures the runtime difference the sentence compares against, not " +
      'the debt.',
  },
  {
    id: 'ml-retrofit-effort',
    quote:
      'retrofitting ML pipelines onto a Node.js backend is significantly more work than starting in the right place',
    section: 'Key Takeaways',
    why: 'Engineering effort on a future change; no run of the current code can measure it.',
  },
  {
    id: 'dependency-hygiene',
    quote: 'dependency hygiene matters more in the Node ecosystem',
    section: 'Ecosystem and Package Availability',
    why: 'Supply-chain quality across millions of packages is not something a benchmark of five servers can sample.',
  },
  {
    id: 'beginner-friendly',
    quote: 'Python is generally recommended for beginners due to its readable syntax and lower boilerplate.',
    section: 'Frequently Asked Questions',
    why: 'Learnability is about people learning, not about servers running.',
  },
];
