import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package folder, whether running from src/ (tests) or dist/ (the bin). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const serversDir = join(projectRoot, 'servers');
export const requirementsFile = join(projectRoot, 'requirements.txt');
export const defaultVenv = join(projectRoot, '.venv');
/** Results are kept where the user runs verdict, like any build output. */
export const resultsDir = join(process.cwd(), 'results');
