import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package folder, whether running from src/ (tests) or dist/ (the bin). */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The servers under test; VERDICT_SERVERS_DIR points verdict at another folder of them. */
export const serversDir = process.env.VERDICT_SERVERS_DIR ?? join(projectRoot, 'servers');
export const requirementsFile = join(projectRoot, 'requirements.txt');
export const defaultVenv = join(projectRoot, '.venv');
/** Results are kept where the user runs verdict, like any build output. */
export const resultsDir = join(process.cwd(), 'results');
