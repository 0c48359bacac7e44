/**
 * A results file is input: a server name, a reason, a log line or a parameter label may carry
 * markup. It must come out as text in the HTML and Markdown reports, never as markup.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../src/report/escape.js';
import { renderHtmlReport } from '../../src/report/html/page.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { buildReport } from '../../src/report/report-model.js';
import { buildCell, buildResults, steady } from '../support/results-builder.js';

const SERVER = '<script>alert("server")</script>';
const REASON = '<img src=x onerror=alert(1)>';
const LOG = '</pre><script>alert("log")</script>';
const LABEL = '"><svg onload=alert(2)>';

function hostile() {
  return buildResults(
    [
      ...steady({ server: SERVER, connections: 10 }, 3000),
      ...steady({ server: 'node-fastify', connections: 10 }, 6000),
      buildCell({
        server: 'python-fastapi-tuned',
        connections: 10,
        outcome: 'errored',
        reason: REASON,
        logTail: ['starting', LOG],
      }),
      ...steady(
        {
          server: 'node-fastify',
          workload: 'compute',
          parameters: { operation: LABEL, implementation: 'typed-array' },
          connections: 1,
        },
        50,
      ),
      ...steady({ server: 'node-fastify', workload: 'fanout', parameters: { k: LABEL }, connections: 50 }, 500),
    ],
    {
      environment: {
        ...buildResults([buildCell({ server: 'x', connections: 1 })]).environment,
        cpuModel: '<b>CPU</b>',
      },
    },
  );
}

describe('escaping', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('turns Markdown punctuation and HTML into text, and keeps a table cell on one row', () => {
    expect(escapeMarkdown('a|b *c* _d_ [e](f) `g` <h> &i\nj')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` &lt;h&gt; &amp;i j',
    );
  });

  it('the HTML report shows hostile names, reasons, log lines and labels as text', () => {
    const html = renderHtmlReport(buildReport(hostile()));
    for (const raw of ['<script', '<img', '<svg onload', '<b>CPU']) expect(html).not.toContain(raw);
    expect(html).toContain('&lt;script&gt;alert(&quot;server&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(&quot;log&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(2)&gt;');
    expect(html).toContain('&lt;b&gt;CPU&lt;/b&gt;');
    // The hostile server is drawn in the throughput chart, by name, as text.
    expect(html).toMatch(/data-series="&lt;script&gt;alert\(&quot;server&quot;\)&lt;\/script&gt;"/);
  });

  it('the Markdown report shows them as text too', () => {
    const markdown = renderMarkdownReport(buildReport(hostile()));
    for (const raw of ['<script', '<img', '<svg', '<b>', '</pre>']) expect(markdown).not.toContain(raw);
    expect(markdown).toContain('&lt;script&gt;alert("server")&lt;/script&gt;');
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdown).toContain('&lt;/pre&gt;&lt;script&gt;alert("log")&lt;/script&gt;');
    expect(markdown).toContain('"&gt;&lt;svg onload=alert(2)&gt;');
  });
});
