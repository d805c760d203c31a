// `kawaraban serve [--workers N]`: migrate, then serve until a signal stops it. With
// workers, the primary process migrates once, forks N servers sharing the port (node:cluster),
// restarts any that crash, and passes SIGTERM/SIGINT on for a clean stop.
import cluster from 'node:cluster';
import os from 'node:os';
import type { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { describeDatabase, openConfiguredDatabase } from '../db/open.ts';
import { startServer, stopOnSignals } from '../main.ts';

export async function serveCommand(config: Config, workers = 1): Promise<void> {
  if (workers > 1 && cluster.isPrimary) return runPrimary(config, workers);
  useSmallHeap(config.smallHeap);
  let running;
  try {
    running = await startServer(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`Port ${config.port} on ${config.host} is already in use (set PORT to another port)`);
    if (code === 'EACCES') throw new ConfigError(`Not allowed to listen on ${config.host}:${config.port} (set PORT above 1023)`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`HOST=${config.host} is not an address of this machine`);
    throw err;
  }
  stopOnSignals(running);
  const who = cluster.isWorker ? `worker ${process.pid}` : `pid ${process.pid}`;
  running.server.log.info(`Kawaraban is serving ${config.siteUrl} on ${running.url} (${describeDatabase(config)}, ${who})`);
}

/**
 * `serve` started from bin/kawaraban.js keeps V8's young generation at 8 MB (its comment
 * says why and what it cost); with `KAWARABAN_SMALL_HEAP=off` it grows as V8 likes again.
 * (--optimize-for-size was tried too: it also makes the compiler favour size, and halved the
 * uncached pages' req/s — 688 against 1,436.)
 */
export function useSmallHeap(on: boolean): void {
  if (on) return;
  const watch = (globalThis as Record<symbol, PerformanceObserver | undefined>)[Symbol.for('kawaraban.youngGenerationWatch')];
  watch?.disconnect();
  v8.setFlagsFromString('--semi-space-growth-factor=2');
}

/** `--workers auto` is one per CPU. */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto') return os.availableParallelism();
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1) throw new ConfigError(`--workers must be a number from 1 or "auto" (not ${value})`);
  return Number(value);
}

async function runPrimary(config: Config, workers: number): Promise<void> {
  // Migrate once here, so workers start on an up-to-date schema.
  const db = await openConfiguredDatabase(config);
  await db.close();
  let stopping = false;
  const started = new Map<number, number>();
  const fork = () => {
    // glibc gives each thread compressing pages its own malloc arena, and keeps what they
    // freed: two arenas held a process 25 MB lower in the memory bench (bench/README).
    const worker = cluster.fork({ MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' });
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that dies within a second of starting would die again: stop instead of looping.
    const lived = Date.now() - (started.get(worker.id) ?? 0);
    process.stderr.write(
      `kawaraban: worker ${worker.process.pid} exited (${signal ?? code}); ${lived < 1000 ? 'not restarting' : 'restarting'}\n`,
    );
    if (lived < 1000) {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < workers; i++) fork();
  process.stdout.write(
    `Kawaraban primary ${process.pid}: ${workers} workers on ${config.host}:${config.port} (${describeDatabase(config)})\n`,
  );
}
