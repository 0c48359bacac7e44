/**
 * A flame graph as one inline SVG string, drawn from the pruned call tree a results file carries:
 * callers above callees (an icicle, as `flamegraph.pl --inverted` draws it), each frame as wide as
 * its share of the samples, labels cut to fit, a <title> tooltip on every frame, colours by kind
 * of code. No script and no library: the report opens offline.
 */
import type { FlameTree, FrameCategory } from '../../results/profile-schema.js';
import { escapeHtml as h } from '../escape.js';

export const FLAME_WIDTH = 1200;
const ROW = 18;
const FONT = 11;
/** Average advance of an 11 px sans-serif character, for cutting labels to their frame. */
const CHAR_WIDTH = 6.4;
const PADDING = 3;

export interface FlameRect {
  node: number;
  x: number;
  width: number;
  depth: number;
}

/**
 * Each node's rectangle: as wide as its samples' share of the width, placed after its earlier
 * siblings under its parent. The tree is in preorder, so a parent is placed before its children.
 */
export function layoutFlame(tree: FlameTree, width: number = FLAME_WIDTH): FlameRect[] {
  const scale = tree.totalSamples > 0 ? width / tree.totalSamples : 0;
  const rects: FlameRect[] = [];
  /** The next free x under each parent (-1: the top row). */
  const next = new Map<number, number>([[-1, 0]]);
  tree.nodes.forEach((node, index) => {
    const parentRect = node.parent >= 0 ? rects[node.parent]! : undefined;
    const x = next.get(node.parent) ?? parentRect?.x ?? 0;
    const rect = { node: index, x, width: node.total * scale, depth: parentRect ? parentRect.depth + 1 : 0 };
    rects.push(rect);
    next.set(node.parent, x + rect.width);
    next.set(index, x);
  });
  return rects;
}

/** Hue and saturation per kind of code; the lightness varies by module so neighbours stand apart. */
export const FLAME_COLORS: Record<FrameCategory, { hue: number; saturation: number; label: string }> = {
  app: { hue: 18, saturation: 80, label: "the server's own code" },
  library: { hue: 42, saturation: 85, label: 'packages (node_modules, site-packages)' },
  runtime: { hue: 210, saturation: 60, label: 'the runtime (node: internals, the standard library)' },
  native: { hue: 150, saturation: 30, label: 'native code' },
  vm: { hue: 0, saturation: 65, label: 'the VM: (program), (garbage collector)' },
  merged: { hue: 220, saturation: 8, label: 'narrow frames, merged' },
};

function hash(text: string): number {
  let value = 2166136261;
  for (let i = 0; i < text.length; i += 1) value = Math.imul(value ^ text.charCodeAt(i), 16777619);
  return value >>> 0;
}

/** The module a location belongs to: its package or its file, without the line. */
const moduleOf = (location: string) => {
  const file = location.replace(/:\d+$/, '');
  const parts = file.split('/');
  return parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
};

export function frameColor(category: FrameCategory, location: string): string {
  const { hue, saturation } = FLAME_COLORS[category];
  const lightness = 58 + (hash(moduleOf(location)) % 20);
  return `hsl(${hue} ${saturation}% ${lightness}%)`;
}

/** The label that fits in `width` units, cut with an ellipsis; empty when not even two characters fit. */
export function fitLabel(text: string, width: number): string {
  const room = Math.floor((width - 2 * PADDING) / CHAR_WIDTH);
  if (room < 2) return '';
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();
const percent = (part: number, all: number) => (all > 0 ? `${((part / all) * 100).toFixed(1)}%` : '–');

export interface FlameGraphOptions {
  /** Stable id for tests and links, e.g. "flame-node-fastify". */
  id: string;
  /** Read aloud by screen readers, e.g. "CPU flame graph of node-fastify". */
  label: string;
}

export function renderFlameGraph(tree: FlameTree, options: FlameGraphOptions): string {
  const rects = layoutFlame(tree);
  const depth = rects.reduce((max, r) => Math.max(max, r.depth + 1), 0);
  const height = Math.max(1, depth) * ROW + 2;
  const body = rects.map((rect) => {
    const node = tree.nodes[rect.node]!;
    // A results file can name a frame its table does not hold (the schema cannot say "an index in
    // range"): that rectangle is left out rather than the whole report failing.
    const frame = tree.frames[node.frame];
    if (frame === undefined) return '';
    const where = frame.location ? ` (${frame.location})` : '';
    const tip =
      `${frame.name}${where}\ntotal ${percent(node.total, tree.totalSamples)} (` +
      `${node.total.toLocaleString('en-US')} samples), self ${percent(node.self, tree.totalSamples)}`;
    const y = rect.depth * ROW + 1;
    const label = fitLabel(frame.name, rect.width);
    const text = label
      ? `<text x="${fixed(rect.x + PADDING)}" y="${fixed(y + ROW / 2 + 1)}" ` +
        `dominant-baseline="middle">${h(label)}</text>`
      : '';
    return (
      `<g class="frame" data-category="${frame.category}" ` +
      `data-samples="${node.total}"><title>${h(tip)}</title><rect x="${fixed(rect.x)}" y="${y}" width="` +
      `${fixed(Math.max(rect.width - 0.4, 0.2))}" height="${ROW - 1}" rx="1.5" fill="` +
      `${frameColor(frame.category, frame.location)}"/>${text}</g>`
    );
  });
  return [
    `<svg class="flame" id="${h(options.id)}" data-frames="${rects.length}" data-samples="${tree.totalSamples}" ` +
      `xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${FLAME_WIDTH} ${height}" width="${FLAME_WIDTH}" height="` +
      `${height}" role="img" aria-label="${h(options.label)}" font-family="system-ui, sans-serif" font-size="` +
      `${FONT}" fill="#1d2330">`,
    ...body,
    '</svg>',
  ].join('');
}

/** The colour key under a flame graph: the kinds of code it uses. */
export function flameLegend(categories: Iterable<FrameCategory>): string {
  const used = new Set(categories);
  const items = (Object.keys(FLAME_COLORS) as FrameCategory[])
    .filter((c) => used.has(c))
    .map(
      (c) =>
        `<li><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" rx="1.5" fill="` +
        `${frameColor(c, '')}"/></svg>${h(FLAME_COLORS[c].label)}</li>`,
    );
  return `<ul class="legend">${items.join('')}</ul>`;
}
