// Entry point. One process runs the guide's app as is; with WORKERS > 1 a cluster primary forks
// that many copies of it (they share the listening port), so both runtimes can be given the same
// number of processes. The handler itself is never changed.
import cluster from 'node:cluster';

const workers = Math.max(1, Number(process.env.WORKERS ?? 1) || 1);

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  let alive = workers;
  cluster.on('exit', (worker, code, signal) => {
    alive -= 1;
    console.error(`worker ${worker.process.pid} exited with ${signal ?? `code ${code}`}`);
    // The guide's code has no supervisor: a crashed worker stays dead, and when none is left the
    // primary exits too, so the harness sees the crash instead of a silent, empty cluster.
    if (alive === 0) process.exit(code ?? 1);
  });
  // SIGTERM reaches the workers too (same process group); the primary just waits for them.
  process.on('SIGTERM', () => {});
  process.on('SIGINT', () => {});
} else {
  await import('./app.js');
}
