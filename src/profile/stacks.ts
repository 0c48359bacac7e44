/**
 * Profiles folded into stacks: every distinct call stack (outermost frame first) with the number
 * of samples taken in it. Both profilers end here, so the tree, the top ten and the flame graph
 * need not know which runtime a profile came from. Pure: text or JSON in, stacks out.
 *
 * Samples are counted, not weighted by time: py-spy's collapsed format has counts only, and V8
 * samples at a fixed interval, so a count is time in both.
 */
import type { ProfileFrame } from '../results/profile-schema.js';

export interface Stack {
  /** Outermost first. */
  frames: ProfileFrame[];
  count: number;
}

export interface FoldedProfile {
  stacks: Stack[];
  /** Samples taken while the process waited for work (V8's "(idle)"), left out of the stacks. */
  idleSamples: number;
}

/** The subset of V8's .cpuprofile (Profiler.stop, --cpu-prof) that folding reads. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime?: number;
  endTime?: number;
}

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
  scriptId?: string | number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  hitCount?: number;
}

/** V8's pseudo-frames: the root of every stack, and the time spent waiting. */
const ROOT = '(root)';
const IDLE = '(idle)';

/**
 * A .cpuprofile's samples as stacks. V8 records each sample as the id of the deepest node; a
 * node's stack is its path from the root, "(root)" itself left out. Without `samples` (an old
 * format), each node's hitCount stands in.
 */
export function foldCpuProfile(profile: CpuProfile, classify: (frame: CallFrame) => ProfileFrame): FoldedProfile {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const hits = new Map<number, number>();
  if (profile.samples?.length) {
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  } else {
    for (const node of profile.nodes) if (node.hitCount) hits.set(node.id, node.hitCount);
  }

  const paths = new Map<number, ProfileFrame[]>();
  const pathOf = (id: number): ProfileFrame[] => {
    const known = paths.get(id);
    if (known) return known;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === ROOT) return [];
    const up = parent.get(id);
    const path = [...(up === undefined ? [] : pathOf(up)), classify(node.callFrame)];
    paths.set(id, path);
    return path;
  };

  const stacks: Stack[] = [];
  let idleSamples = 0;
  for (const [id, count] of hits) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === IDLE) {
      idleSamples += count;
      continue;
    }
    const frames = pathOf(id);
    if (frames.length) stacks.push({ frames, count });
  }
  return { stacks, idleSamples };
}

/**
 * Collapsed stacks, one per line: `outer;middle;inner 42` (Brendan Gregg's folded format, what
 * `py-spy record --format raw` writes). A frame may contain spaces; the count is after the last.
 */
export function foldCollapsed(text: string, classify: (frame: string) => ProfileFrame): FoldedProfile {
  const merged = new Map<string, Stack>();
  const frames = new Map<string, ProfileFrame>();
  for (const line of text.split('\n')) {
    const trimmed = line.trimEnd();
    const space = trimmed.lastIndexOf(' ');
    if (space <= 0) continue;
    const count = Number(trimmed.slice(space + 1));
    if (!Number.isInteger(count) || count <= 0) continue;
    const stackText = trimmed.slice(0, space);
    const existing = merged.get(stackText);
    if (existing) {
      existing.count += count;
      continue;
    }
    const parts = stackText.split(';').filter((part) => part.length > 0);
    if (parts.length === 0) continue;
    const stackFrames = parts.map((part) => {
      let frame = frames.get(part);
      if (!frame) {
        frame = classify(part);
        frames.set(part, frame);
      }
      return frame;
    });
    merged.set(stackText, { frames: stackFrames, count });
  }
  return { stacks: [...merged.values()], idleSamples: 0 };
}

/** The key that makes two frames the same function. */
export const frameKey = (frame: ProfileFrame) => `${frame.name}\u0000${frame.location}\u0000${frame.category}`;

export const sampleCount = (stacks: readonly Stack[]) => stacks.reduce((sum, stack) => sum + stack.count, 0);
