/**
 * The shape of src/: folders import one another in one direction only, domain folders never reach
 * up into the command line (src/cli/, src/commands/), and every import goes down the floors the
 * README's development section draws. Reads the sources as text, as the compiler would resolve
 * their relative specifiers; type-only imports count, since they tie the folders together as much.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';

const SRC = join(projectRoot, 'src');
/** The files directly in src/ (cli.ts, bin.ts) form one "folder" of their own. */
const TOP = '(top)';
/** Where flags are parsed: only these and the entry point may import src/cli/ and src/commands/. */
const COMMAND_LINE = new Set(['cli', 'commands', TOP]);

/** `import … from '…'`, `import type …`, `export … from '…'` at the start of a line. */
const STATIC_IMPORT = new RegExp(
  String.raw`^(?:import|export)\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+a` +
    String.raw`s\s+\w+))?)\s+from\s*['"]([^'"]+)['"]`,
  'gm',
);
/** `import './side-effect.js'`. */
const BARE_IMPORT = /^import\s*['"]([^'"]+)['"]/gm;
/** `await import('./lazy.js')`: the commands are loaded so. */
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Import {
  from: string;
  to: string;
}

/** The relative specifiers a file imports, as paths under src/ (`./x.js` naming `x.ts`). */
function importsOf(text: string, file: string): Import[] {
  const found: Import[] = [];
  for (const pattern of [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.')) continue;
      found.push({
        from: file,
        to: relative(SRC, resolve(dirname(join(SRC, file)), specifier)).replace(/\.js$/, '.ts'),
      });
    }
  }
  return found;
}

function folderOf(file: string): string {
  const parts = file.split(sep);
  return parts.length > 1 ? parts[0]! : TOP;
}

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && statSync(join(SRC, f)).isFile())
    .sort();
}

/** Every import from one folder into another. */
function crossFolderImports(): Import[] {
  return sourceFiles()
    .flatMap((file) => importsOf(readFileSync(join(SRC, file), 'utf8'), file))
    .filter((i) => folderOf(i.from) !== folderOf(i.to));
}

/** Folder -> the folders it imports. */
function folderGraph(imports: readonly Import[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const i of imports) {
    const from = folderOf(i.from);
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(folderOf(i.to));
  }
  return graph;
}

/**
 * The groups of folders that import one another in a circle (Tarjan's strongly connected components of more than one).
 */
function folderLoops(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return loops;
}

/**
 * The floors of the README's development section, lowest first: the numbered items under
 * "Floors", each naming its folders as `name/` (and the entry point as `cli.ts`, `bin.ts`).
 */
function readmeFloors(readme: string): string[][] {
  const section = readme.slice(readme.indexOf('## Development'));
  const start = section.indexOf('Floors');
  if (start < 0) return [];
  const floors: string[][] = [];
  for (const line of section.slice(start).split('\n').slice(1)) {
    const item = /^\d+\.\s+(.*)$/.exec(line);
    if (!item) {
      if (floors.length > 0 && !/^\s/.test(line)) break;
      continue;
    }
    const names = [...item[1]!.split(/\s[-—:]\s/)[0]!.matchAll(/`([\w.-]+)(\/?)`/g)].map((m) =>
      m[2] === '/' ? m[1]! : TOP,
    );
    floors.push([...new Set(names)]);
  }
  return floors;
}

const imports = crossFolderImports();
const graph = folderGraph(imports);
const examples = (from: string, to: string) =>
  imports.filter((i) => folderOf(i.from) === from && folderOf(i.to) === to).map((i) => `${i.from} -> ${i.to}`);

describe('the folders of src/', () => {
  it('reads the imports it checks (type-only, re-exports and lazy ones included)', () => {
    // Known imports of each kind, so a reader that missed them could not pass the checks below.
    const has = (from: string, to: string) => imports.some((i) => i.from === from && i.to === to);
    expect(has('cli.ts', join('commands', 'index.ts'))).toBe(true);
    expect(
      importsOf(
        "import type { A } from '../a/b.js';\nexport { C } from '../c/d.js';\nconst m = await import('../e/f.js');",
        join('x', 'y.ts'),
      ).map((i) => i.to),
    ).toEqual([join('a', 'b.ts'), join('c', 'd.ts'), join('e', 'f.ts')]);
    expect(graph.get('commands')?.has('cli')).toBe(true);
    expect(graph.size).toBeGreaterThan(15);
  });

  it('finds a loop where there is one', () => {
    expect(
      folderLoops(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
          ['d', new Set(['a'])],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      folderLoops(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
        ]),
      ),
    ).toEqual([]);
  });

  it('import one another in one direction only: no loop between folders', () => {
    const loops = folderLoops(graph).map((group) =>
      group
        .map(
          (from) =>
            `${from} -> ${group
              .filter((to) => graph.get(from)?.has(to))
              .map((to) => `${to} (${examples(from, to)[0]})`)
              .join(', ')}`,
        )
        .join('; '),
    );
    expect(loops).toEqual([]);
  });

  it('leave flags to src/commands/: no domain folder imports src/cli/ or src/commands/', () => {
    const upward = imports.filter(
      (i) => !COMMAND_LINE.has(folderOf(i.from)) && (folderOf(i.to) === 'cli' || folderOf(i.to) === 'commands'),
    );
    expect(upward.map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });

  it("import only down the README's floors (its development section), which name every folder", () => {
    const floors = readmeFloors(readFileSync(join(projectRoot, 'README.md'), 'utf8'));
    expect(floors.length).toBeGreaterThan(5);
    const floorOf = new Map(floors.flatMap((names, i) => names.map((name) => [name, i] as const)));
    const folders = [...new Set(sourceFiles().map(folderOf))].sort();
    expect(
      folders.filter((f) => !floorOf.has(f)),
      'folders of src/ the README does not place on a floor',
    ).toEqual([]);
    expect(
      [...floorOf.keys()].filter((f) => !folders.includes(f)).sort(),
      'folders the README names that src/ does not have',
    ).toEqual([]);
    expect(floors.flat().length, 'a folder named on two floors').toBe(floorOf.size);
    const up = [...graph].flatMap(([from, tos]) =>
      [...tos]
        .filter((to) => floorOf.get(to)! > floorOf.get(from)!)
        .map((to) => `${from} -> ${to} (${examples(from, to)[0]})`),
    );
    expect(up, 'imports that go up a floor').toEqual([]);
  });
});
