/**
 * Entry point: one process by default; with WORKERS > 1 a node:cluster primary forks that many
 * workers sharing the port (the same process count python-fastapi-tuned gets from uvicorn).
 * SIGTERM/SIGINT stop accepting connections, let requests in flight finish, close the pool, exit.
 */
import cluster from 'node:cluster';
import { parseAllowedOrigins, type AllowedOrigin } from './allowed-origins.js';
import { buildApp } from './app.js';
import { createDatabase } from './database.js';

const workers = Math.max(1, Number(process.env.WORKERS ?? 1) || 1);

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  let stopping = false;
  const stop = () => {
    stopping = true; // the workers got the same signal (same process group) and shut down themselves
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} exited with ${signal ?? `code ${code}`}; starting another`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      process.exit(0);
    }
  });
} else {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  let allowedOrigins: AllowedOrigin[] = [];
  try {
    allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const db = createDatabase(url, Number(process.env.POOL_SIZE) || 10);
  const app = await buildApp(db, { logRequests: process.env.LOG_REQUESTS === '1', allowedOrigins });
  app.addHook('onClose', async () => {
    await db.close();
  });
  const shutdown = async (signal: string) => {
    app.log.warn(`${signal}: closing`);
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error(error);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
}
