/**
 * From folded stacks to what the report shows: the call tree of the flame graph (frames merged
 * where they are too narrow to see) and the functions with the most self time. Pure functions.
 */
import type { FlameTree, ProfileFrame, TopFunction } from '../results/profile-schema.js';
import { frameKey, sampleCount, type Stack } from './stacks.js';

/**
 * Nodes below 0.1% of the samples are merged: a flame graph 1,200 units wide draws them at most a
 * unit wide, and a 5 s Node profile has thousands of them; merged, the SVG stays a few hundred
 * rectangles.
 */
export const MIN_SHARE = 0.001;

export const MERGED_FRAME: ProfileFrame = { name: '(narrow frames merged)', location: '', category: 'merged' };

interface TrieNode {
  frame: ProfileFrame;
  total: number;
  self: number;
  children: Map<string, TrieNode>;
}

const newNode = (frame: ProfileFrame): TrieNode => ({ frame, total: 0, self: 0, children: new Map() });

/** Widest first, then by name: the same profile always draws the same picture. */
const drawOrder = (a: TrieNode, b: TrieNode) =>
  b.total - a.total || a.frame.name.localeCompare(b.frame.name) || a.frame.location.localeCompare(b.frame.location);

export function buildFlameTree(stacks: readonly Stack[], minShare: number = MIN_SHARE): FlameTree {
  const root = newNode(MERGED_FRAME);
  for (const stack of stacks) {
    root.total += stack.count;
    let node = root;
    for (const frame of stack.frames) {
      const key = frameKey(frame);
      let child = node.children.get(key);
      if (!child) {
        child = newNode(frame);
        node.children.set(key, child);
      }
      child.total += stack.count;
      node = child;
    }
    node.self += stack.count;
  }

  const tree: FlameTree = { totalSamples: root.total, minShare, frames: [], nodes: [] };
  const frameIndex = new Map<string, number>();
  const indexOf = (frame: ProfileFrame) => {
    const key = frameKey(frame);
    let index = frameIndex.get(key);
    if (index === undefined) {
      index = tree.frames.length;
      tree.frames.push(frame);
      frameIndex.set(key, index);
    }
    return index;
  };
  const threshold = root.total * minShare;
  const visit = (children: Iterable<TrieNode>, parent: number) => {
    const sorted = [...children].sort(drawOrder);
    const kept = sorted.filter((child) => child.total >= threshold);
    const narrow = sorted.filter((child) => child.total < threshold).reduce((sum, child) => sum + child.total, 0);
    for (const child of kept) {
      const index = tree.nodes.length;
      tree.nodes.push({ frame: indexOf(child.frame), parent, total: child.total, self: child.self });
      visit(child.children.values(), index);
    }
    // What was too narrow to draw keeps its width, as one node after its wider siblings.
    if (narrow > 0) tree.nodes.push({ frame: indexOf(MERGED_FRAME), parent, total: narrow, self: narrow });
  };
  visit(root.children.values(), -1);
  return tree;
}

/**
 * The functions with the most self time (samples in which the function itself was running),
 * from the full stacks, before any merging. Total time counts a sample once per function, however
 * often the function recurs in its stack.
 */
export function topFunctions(stacks: readonly Stack[], limit = 10): TopFunction[] {
  const all = sampleCount(stacks);
  if (all === 0) return [];
  const byKey = new Map<string, { frame: ProfileFrame; self: number; total: number }>();
  const entry = (frame: ProfileFrame) => {
    const key = frameKey(frame);
    let found = byKey.get(key);
    if (!found) {
      found = { frame, self: 0, total: 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const stack of stacks) {
    const leaf = stack.frames.at(-1);
    if (!leaf) continue;
    entry(leaf).self += stack.count;
    const seen = new Set<string>();
    for (const frame of stack.frames) {
      const key = frameKey(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      entry(frame).total += stack.count;
    }
  }
  const percent = (samples: number) => Math.round((samples / all) * 10_000) / 100;
  return [...byKey.values()]
    .filter((f) => f.self > 0)
    .sort((a, b) => b.self - a.self || b.total - a.total || a.frame.name.localeCompare(b.frame.name))
    .slice(0, limit)
    .map((f) => ({
      name: f.frame.name,
      location: f.frame.location,
      category: f.frame.category,
      selfSamples: f.self,
      selfPercent: percent(f.self),
      totalPercent: percent(f.total),
    }));
}
