/**
 * Each server under test is a folder in servers/ with a manifest.json. The harness knows servers
 * only through their manifests, so adding a server needs no change here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VerdictError } from '../core/errors.js';
import { serversDir } from '../util/paths.js';
import { variantSchema } from '../results/schema.js';

export const manifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  runtime: z.enum(['node', 'python']),
  /**
   * seed: the guide's code as written; pool: the guide's own production note; tuned: best realistic;
   * reference: a runtime's ceiling without a framework ("stripped" in TechEmpower's words), measured
   * and drawn but never a side of the guide's claims.
   */
  variant: variantSchema,
  description: z.string().min(1),
  start: z.object({
    /** `{node}` and `{python}` stand for the interpreters verdict uses. */
    command: z.string().min(1),
    /** `{port}` and `{workers}` are replaced; every server also gets PORT, DATABASE_URL and WORKERS. */
    args: z.array(z.string()),
  }),
  healthPath: z.string().startsWith('/'),
  /** The JSON shape of GET /api/users: `{ "users": [...] }` or a bare array. */
  responseShape: z.enum(['users-object', 'array']),
  pool: z
    .object({ size: z.number().int().positive(), library: z.string() })
    .nullable()
    .describe('null when the server opens a connection per request'),
  /** Packages whose versions the results file records (npm names for node, PyPI names for python). */
  libraries: z.array(z.string()),
  /** Workloads beyond `users` that this server implements. */
  workloads: z.array(z.string()).default(['users']),
  /**
   * Per workload, the values of a parameter this server implements, when they differ between
   * servers: `{ "compute": { "implementation": ["numpy", "pure-python"] } }`.
   */
  workloadParameters: z
    .record(z.string(), z.record(z.string(), z.array(z.union([z.string(), z.number()])).min(1)))
    .optional(),
  /** Free-form facts a reader needs to judge fairness, printed with the results. */
  notes: z.record(z.string(), z.string()).default({}),
});

export type ServerManifest = z.infer<typeof manifestSchema> & { dir: string };

export async function loadManifest(dir: string): Promise<ServerManifest> {
  const file = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new VerdictError(`cannot read ${file}: ${(error as Error).message}`, 'fix the JSON in that manifest');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VerdictError(`${file}: field '${issue.path.join('.')}' ${issue.message}`, 'fix that manifest field');
  }
  return { ...parsed.data, dir };
}

/** Every server folder (one with a manifest.json), sorted by name. */
export async function loadManifests(root: string = serversDir): Promise<ServerManifest[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'manifest.json')));
  const manifests = await Promise.all(dirs.map((e) => loadManifest(join(root, e.name))));
  for (const m of manifests) {
    const folder = m.dir.split('/').at(-1);
    if (folder !== m.name)
      throw new VerdictError(
        `${m.dir}/manifest.json names '${m.name}' but its folder is '${folder}'`,
        'make the name match the folder',
      );
  }
  return manifests.sort((a, b) => a.name.localeCompare(b.name));
}
