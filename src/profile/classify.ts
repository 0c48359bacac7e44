/**
 * What a profiler's frame is (the server's own code, a package, the runtime, native code) and
 * where it is, shortened for a reader: no absolute paths from the machine that ran the bench go
 * into the results file. Pure: the file system is asked by the caller (isAppFile).
 */
import { fileURLToPath } from 'node:url';
import { relative, isAbsolute, sep } from 'node:path';
import type { ProfileFrame } from '../results/profile-schema.js';
import type { CallFrame } from './stacks.js';

const NODE_MODULES = `${sep}node_modules${sep}`;
/** V8's pseudo-frames for work outside any function: native code it cannot attribute, and its collector. */
const VM_FRAMES = new Set(['(program)', '(garbage collector)', '(root)']);

/** A V8 call frame: `serverDir` is the server's folder, whose files (outside node_modules) are its own code. */
export function nodeFrame(frame: CallFrame, serverDir: string): ProfileFrame {
  const name = frame.functionName || '(anonymous)';
  const { url } = frame;
  const line = frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : '';
  // "(program)" is native code V8 cannot attribute to a script (libuv, system calls); GC its own.
  if (!url) return { name, location: '', category: VM_FRAMES.has(name) ? 'vm' : 'native' };
  if (url.startsWith('node:')) return { name, location: `${url}${line}`, category: 'runtime' };
  if (!url.startsWith('file:')) return { name, location: `${url}${line}`, category: 'app' };
  const path = fileURLToPath(url);
  const modules = path.lastIndexOf(NODE_MODULES);
  if (modules >= 0)
    return { name, location: `${path.slice(modules + NODE_MODULES.length)}${line}`, category: 'library' };
  const own = relative(serverDir, path);
  const inside = own && !own.startsWith('..') && !isAbsolute(own);
  return {
    name,
    location: `${inside ? own : path.split(sep).filter(Boolean).slice(-2).join('/')}${line}`,
    category: 'app',
  };
}

export interface PythonContext {
  /** Whether a file as py-spy names it (relative to its sys.path entry, e.g. "app.py") is the server's own. */
  isAppFile(file: string): boolean;
  /** Top-level module names of the standard library (Python's sys.stdlib_module_names). */
  stdlib: ReadonlySet<string>;
}

/**
 * A py-spy frame, `function (file)` or `function (file:line)`. py-spy already shortens a file to
 * its path below its sys.path entry ("starlette/routing.py"), so a package is told from the
 * standard library by its top-level module name.
 */
export function pythonFrame(text: string, context: PythonContext): ProfileFrame {
  const match = /^(.*) \(([^()]*)\)$/.exec(text);
  if (!match) return { name: text, location: '', category: 'native' };
  const [, name = text, location = ''] = match;
  const file = location.replace(/:\d+$/, '');
  if (file.startsWith('<')) return { name, location, category: 'runtime' };
  if (!file.endsWith('.py')) return { name, location, category: 'native' };
  if (context.isAppFile(file)) return { name, location, category: 'app' };
  const top = file.split('/')[0]!.replace(/\.py$/, '');
  return { name, location, category: context.stdlib.has(top) ? 'runtime' : 'library' };
}
