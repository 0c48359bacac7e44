// Compiles verdict itself and every server folder that has its own tsconfig.json, so a new
// TypeScript server is built without touching this script.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = ['.'];
for (const entry of readdirSync(join(root, 'servers'), { withFileTypes: true })) {
  if (entry.isDirectory() && existsSync(join(root, 'servers', entry.name, 'tsconfig.json'))) {
    projects.push(join('servers', entry.name));
  }
}
for (const project of projects) {
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
}
chmodSync(join(root, 'dist', 'bin.js'), 0o755);
console.error(`built ${projects.length} TypeScript projects: ${projects.join(', ')}`);
