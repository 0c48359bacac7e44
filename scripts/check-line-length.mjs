// Fails, listing file:line, when a line of the linted files is longer than 120 characters. Biome's
// formatter keeps code within the width but breaks neither long strings nor comments, and Biome has
// no rule for line length, so this check covers what the formatter cannot.
// Files: the ones biome.jsonc formats (TypeScript and JavaScript in src/, test/, servers/*/src/,
// scripts/ and vitest.config.ts), as git knows them, so dist/, node_modules and results are skipped.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX = 120;
const root = fileURLToPath(new URL('..', import.meta.url));
const CHECKED = /^(src|test|servers\/[^/]+\/src|scripts)\/.*\.(ts|mts|cts|js|mjs|cjs)$|^vitest\.config\.ts$/;

// Tracked and new (untracked, not ignored) files: a new file is checked before it is committed.
const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
});
const files = [...new Set(listed.split('\n'))].filter((file) => CHECKED.test(file));

const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') continue; // deleted in the work tree, not yet in git
    throw error;
  }
  text.split('\n').forEach((line, index) => {
    // Characters as a reader counts them: code points, not UTF-16 units or bytes.
    const length = [...line.replace(/\r$/, '')].length;
    if (length > MAX) long.push(`${file}:${index + 1}: ${length} characters`);
  });
}

if (long.length > 0) {
  console.error(long.join('\n'));
  console.error(
    `check-line-length: ${long.length} line(s) over ${MAX} characters; ` +
      'break the string or comment by hand (npm run format fixes code lines)',
  );
  process.exit(1);
}
console.error(`check-line-length: ${files.length} files, no line over ${MAX} characters`);
