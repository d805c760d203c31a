// Liveness and readiness for load balancers and process managers.
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { ping } from '../db/connection.ts';

export function healthRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    f.get('/healthz', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
    f.get('/readyz', async (_req, reply) => {
      try {
        await ping(app.db);
        return reply.header('cache-control', 'no-store').send({ status: 'ready' });
      } catch {
        return reply.code(503).header('cache-control', 'no-store').send({ status: 'database unavailable' });
      }
    });
  };
}
