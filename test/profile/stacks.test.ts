/**
 * Profiles to flame graphs, as pure functions on hand-made profiles: known self times give a known
 * top ten, widths are proportional to samples, narrow frames are merged, and the SVG is escaped.
 */
import { describe, expect, it } from 'vitest';
import { nodeFrame, pythonFrame } from '../../src/profile/classify.js';
import {
  foldCollapsed,
  foldCpuProfile,
  sampleCount,
  type CallFrame,
  type CpuProfile,
} from '../../src/profile/stacks.js';
import { buildFlameTree, MERGED_FRAME, topFunctions } from '../../src/profile/tree.js';
import { fitLabel, FLAME_WIDTH, layoutFlame, renderFlameGraph } from '../../src/report/html/flame-graph.js';
import type { ProfileFrame } from '../../src/results/profile-schema.js';

const frame = (name: string, category: ProfileFrame['category'] = 'app', location = `${name}.js`): ProfileFrame => ({
  name,
  location,
  category,
});
const stack = (names: string, count: number) => ({ frames: names.split(';').map((n) => frame(n)), count });

const call = (functionName: string, url = '', lineNumber = 0): CallFrame => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
  scriptId: '0',
});

/**
 * (root) -> main -> handle -> serialise      samples: 1 main, 3 handle, 4 serialise
 *                -> query                    2 query
 *        -> (garbage collector)              1 gc
 *        -> (idle)                           5 idle (left out)
 */
const cpuProfile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: call('(root)'), children: [2, 6, 7] },
    { id: 2, callFrame: call('main', 'file:///srv/app/dist/server.js', 9), children: [3, 5] },
    { id: 3, callFrame: call('handle', 'file:///srv/app/node_modules/fastify/lib/route.js', 320), children: [4] },
    { id: 4, callFrame: call('serialise', 'node:internal/streams/writable', 40) },
    { id: 5, callFrame: call('query', 'file:///srv/app/node_modules/@scope/pg/index.js', 0) },
    { id: 6, callFrame: call('(garbage collector)') },
    { id: 7, callFrame: call('(idle)') },
  ],
  samples: [2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 7, 7, 7, 7, 7],
  timeDeltas: new Array(16).fill(1000),
};

describe('folding a V8 .cpuprofile', () => {
  const folded = foldCpuProfile(cpuProfile, (f) => nodeFrame(f, '/srv/app'));

  it('gives each sampled node its stack from the root, (root) left out, idle counted apart', () => {
    expect(folded.idleSamples).toBe(5);
    expect(sampleCount(folded.stacks)).toBe(11);
    const byLeaf = Object.fromEntries(
      folded.stacks.map((s) => [
        s.frames.at(-1)!.name,
        { path: s.frames.map((f) => f.name).join(';'), count: s.count },
      ]),
    );
    expect(byLeaf).toEqual({
      main: { path: 'main', count: 1 },
      handle: { path: 'main;handle', count: 3 },
      serialise: { path: 'main;handle;serialise', count: 4 },
      query: { path: 'main;query', count: 2 },
      '(garbage collector)': { path: '(garbage collector)', count: 1 },
    });
  });

  it('says what each frame is and where, without absolute paths', () => {
    const frames = Object.fromEntries(folded.stacks.flatMap((s) => s.frames).map((f) => [f.name, f]));
    expect(frames.main).toEqual({ name: 'main', location: 'dist/server.js:10', category: 'app' });
    expect(frames.handle).toEqual({ name: 'handle', location: 'fastify/lib/route.js:321', category: 'library' });
    expect(frames.serialise).toEqual({
      name: 'serialise',
      location: 'node:internal/streams/writable:41',
      category: 'runtime',
    });
    expect(frames.query!.location).toBe('@scope/pg/index.js:1');
    expect(frames['(garbage collector)']!.category).toBe('vm');
    expect(nodeFrame(call('writev'), '/srv/app')).toEqual({ name: 'writev', location: '', category: 'native' });
    expect(nodeFrame(call(''), '/srv/app')).toEqual({ name: '(anonymous)', location: '', category: 'native' });
  });

  it('counts hitCount when a profile has no samples array', () => {
    const old = foldCpuProfile(
      {
        nodes: [
          { id: 1, callFrame: call('(root)'), children: [2] },
          { id: 2, callFrame: call('f', 'file:///x.js'), hitCount: 7 },
        ],
      },
      (f) => nodeFrame(f, '/srv'),
    );
    expect(old.stacks).toEqual([{ frames: [{ name: 'f', location: 'x.js:1', category: 'app' }], count: 7 }]);
  });

  it('gives the top functions by self time, ties by total time', () => {
    const top = topFunctions(folded.stacks);
    expect(top.map((f) => [f.name, f.selfSamples, f.selfPercent, f.totalPercent])).toEqual([
      ['serialise', 4, 36.36, 36.36],
      ['handle', 3, 27.27, 63.64],
      ['query', 2, 18.18, 18.18],
      ['main', 1, 9.09, 90.91],
      ['(garbage collector)', 1, 9.09, 9.09],
    ]);
  });
});

describe('folding py-spy collapsed stacks', () => {
  const context = {
    stdlib: new Set(['asyncio', '_weakrefset']),
    isAppFile: (f: string) => f === 'app.py' || f === 'serve.py',
  };
  const text = [
    '<module> (serve.py);Runner.run (asyncio/runners.py);Route.handle (starlette/routing.py);list_users (app.py) 30',
    '<module> (serve.py);Runner.run (asyncio/runners.py);Route.handle (starlette/routing.py);list_users ' +
      '(app.py);dump_json (pydantic/type_adapter.py) 20',
    '<module> (serve.py);Runner.run (asyncio/runners.py) 10',
    '<module> (serve.py);Runner.run (asyncio/runners.py);shield.<locals>._outer_done_callback (asyncio/tasks.py) 5',
    '<module> (serve.py);Runner.run (asyncio/runners.py);Route.handle (starlette/routing.py);list_users (app.py) 2',
    '',
    'not a stack line',
  ].join('\n');
  const folded = foldCollapsed(text, (f) => pythonFrame(f, context));

  it('merges repeated stacks, keeps names with spaces, and ignores lines without a count', () => {
    expect(sampleCount(folded.stacks)).toBe(67);
    expect(folded.stacks).toHaveLength(4);
    const spaced = folded.stacks.find((s) => s.frames.at(-1)!.name === 'shield.<locals>._outer_done_callback')!;
    expect(spaced.count).toBe(5);
  });

  it('tells the server, its packages, the standard library and native frames apart', () => {
    expect(pythonFrame('list_users (app.py)', context)).toEqual({
      name: 'list_users',
      location: 'app.py',
      category: 'app',
    });
    expect(pythonFrame('Route.handle (starlette/routing.py)', context).category).toBe('library');
    expect(pythonFrame('Runner.run (asyncio/runners.py)', context).category).toBe('runtime');
    expect(pythonFrame('_remove (_weakrefset.py:39)', context)).toEqual({
      name: '_remove',
      location: '_weakrefset.py:39',
      category: 'runtime',
    });
    expect(pythonFrame('run_forever (loop.c)', context).category).toBe('native');
    expect(pythonFrame('0x7f3e2cd4cf5f', context)).toEqual({
      name: '0x7f3e2cd4cf5f',
      location: '',
      category: 'native',
    });
  });

  it('gives the top ten by self time from known counts', () => {
    const top = topFunctions(folded.stacks);
    expect(top.map((f) => [f.name, f.selfSamples])).toEqual([
      ['list_users', 32],
      ['dump_json', 20],
      ['Runner.run', 10],
      ['shield.<locals>._outer_done_callback', 5],
    ]);
    expect(top[0]!.totalPercent).toBe(Math.round((52 / 67) * 10_000) / 100);
  });
});

describe('the top ten', () => {
  it('keeps ten, by self time, and counts a recursive function once in its total', () => {
    const stacks = Array.from({ length: 12 }, (_, i) => stack(`root;f${i}`, i + 1));
    stacks.push(stack('rec;rec;rec', 4));
    const top = topFunctions(stacks);
    expect(top).toHaveLength(10);
    expect(top.map((f) => f.name)).toEqual(['f11', 'f10', 'f9', 'f8', 'f7', 'f6', 'f5', 'f4', 'f3', 'rec']);
    const rec = top.find((f) => f.name === 'rec')!;
    expect(rec.selfSamples).toBe(4);
    expect(rec.totalPercent).toBe(rec.selfPercent);
  });

  it('is empty for an empty profile', () => {
    expect(topFunctions([])).toEqual([]);
  });
});

describe('the flame tree and its layout', () => {
  const stacks = [stack('a;b', 60), stack('a;c', 30), stack('a', 10), stack('d', 100)];

  it('is in preorder, widest sibling first, with totals and self counts', () => {
    const tree = buildFlameTree(stacks);
    expect(tree.totalSamples).toBe(200);
    expect(tree.nodes.map((n) => [tree.frames[n.frame]!.name, n.parent, n.total, n.self])).toEqual([
      ['a', -1, 100, 10],
      ['b', 0, 60, 60],
      ['c', 0, 30, 30],
      ['d', -1, 100, 100],
    ]);
  });

  it('draws every frame as wide as its share of the samples, children inside their parent', () => {
    const tree = buildFlameTree(stacks);
    const rects = layoutFlame(tree, 1000);
    const byName = Object.fromEntries(rects.map((r) => [tree.frames[tree.nodes[r.node]!.frame]!.name, r]));
    expect(byName.a).toEqual({ node: 0, x: 0, width: 500, depth: 0 });
    expect(byName.b).toEqual({ node: 1, x: 0, width: 300, depth: 1 });
    expect(byName.c).toEqual({ node: 2, x: 300, width: 150, depth: 1 });
    expect(byName.d).toEqual({ node: 3, x: 500, width: 500, depth: 0 });
    for (const rect of rects)
      expect(rect.width / 1000).toBeCloseTo(tree.nodes[rect.node]!.total / tree.totalSamples, 10);
  });

  it('merges the frames narrower than 0.1% into one node per parent that keeps their width', () => {
    const many = [
      stack('main;hot', 9_000),
      ...Array.from({ length: 50 }, (_, i) => stack(`main;tiny${i}`, 5)),
      stack('main;cold', 750),
    ];
    const tree = buildFlameTree(many);
    expect(tree.totalSamples).toBe(10_000);
    const names = tree.nodes.map((n) => tree.frames[n.frame]!.name);
    expect(names).toEqual(['main', 'hot', 'cold', MERGED_FRAME.name]);
    const merged = tree.nodes[3]!;
    expect(merged).toMatchObject({ parent: 0, total: 250, self: 250 });
    const rects = layoutFlame(tree);
    const main = rects[0]!;
    const children = rects.slice(1);
    expect(children.reduce((sum, r) => sum + r.width, 0)).toBeCloseTo(main.width, 6);
    expect(children.at(-1)!.x + children.at(-1)!.width).toBeCloseTo(FLAME_WIDTH, 6);
  });
});

describe('the flame graph SVG', () => {
  const hostile = [
    {
      frames: [frame('<script>alert(1)</script>', 'app', '"x".js'), frame('child & co', 'library', 'lib/x.js')],
      count: 10,
    },
    stack('other', 10),
  ];

  it('is one svg with a rectangle, a tooltip and a fitted label per frame, everything from data escaped', () => {
    const svg = renderFlameGraph(buildFlameTree(hostile), { id: 'flame-x', label: 'CPU flame graph of <x>' });
    expect(svg.startsWith('<svg class="flame" id="flame-x" data-frames="3" data-samples="20"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg.match(/<title>/g)).toHaveLength(3);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('child &amp; co');
    expect(svg).toContain('aria-label="CPU flame graph of &lt;x&gt;"');
    expect(svg).toContain('total 50.0% (10 samples), self 0.0%');
    expect(svg).not.toMatch(/href|<image|url\(/);
  });

  it('leaves out a frame that a results file names but its frame table does not hold, and draws the rest', () => {
    const tree = buildFlameTree(hostile);
    const broken = {
      ...tree,
      nodes: tree.nodes.map((node, i) => (i === 1 ? { ...node, frame: tree.frames.length + 7 } : node)),
    };
    const svg = renderFlameGraph(broken, { id: 'flame-x', label: 'broken' });
    expect(svg.match(/<rect /g)).toHaveLength(tree.nodes.length - 1);
  });

  it('cuts a label to its frame and drops it when nothing fits', () => {
    expect(fitLabel('short', 200)).toBe('short');
    expect(fitLabel('a_rather_long_function_name', 60)).toBe('a_rathe…');
    expect(fitLabel('anything', 12)).toBe('');
  });
});
