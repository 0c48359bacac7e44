/**
 * The page shell every page shares: skip link, header with the three pages, main, footer. The
 * only script is the page's own module from /assets/js, the only styles the two stylesheets
 * from /assets: the Content-Security-Policy forbids everything else.
 */
import { escapeHtml as h } from '../../report/escape.js';

export type PageName = 'decide' | 'results' | 'run';

const PAGES: { name: PageName; title: string; href: string }[] = [
  { name: 'decide', title: 'Decide', href: '/decide' },
  { name: 'results', title: 'Results', href: '/results' },
  { name: 'run', title: 'Run a benchmark', href: '/run' },
];

export function layout(page: PageName | null, title: string, main: string): string {
  const nav = PAGES.map(
    (p) => `<li><a href="${p.href}"${p.name === page ? ' aria-current="page"' : ''}>${p.title}</a></li>`,
  ).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)} · verdict</title>`,
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
    '<link rel="stylesheet" href="/assets/report.css">',
    '<link rel="stylesheet" href="/assets/app.css">',
    page ? `<script type="module" src="/assets/js/${page}-page.js"></script>` : '',
    '</head>',
    `<body class="page-${page ?? 'other'}">`,
    '<a class="skip-link" href="#main">Skip to content</a>',
    '<header class="app-header"><div class="app-bar">',
    '<a class="brand" href="/decide"><span aria-hidden="true" class="brand-mark">⚖</span> verdict</a>',
    `<nav aria-label="Pages"><ul>${nav}</ul></nav>`,
    '</div></header>',
    `<main id="main" tabindex="-1">${main}</main>`,
    '<footer class="app-footer">verdict runs on this machine only: this page loads nothing from the network. ',
    'The JSON API behind it is described in <a href="/api/openapi.json">its OpenAPI document</a>.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function notFoundPage(path: string): string {
  return layout(
    null,
    'Not found',
    `<h1>Not found</h1><p>Nothing lives at <code>${h(path)}</code>. Try <a href="/decide">Decide</a>, <a ` +
      `href="/results">Results</a> or <a href="/run">Run a benchmark</a>.</p>`,
  );
}

/** A small mark for the browser tab, so it does not ask for /favicon.ico. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" ' +
  'fill="#1d2330"/><path d="M16 6v20M8 11h16M8 11l-4 8h8zM24 11l-4 8h8z" stroke="#fff" stroke-width="2" ' +
  'fill="none" stroke-linejoin="round"/></svg>';
