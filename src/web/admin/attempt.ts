// Runs a change from an admin form: done → 303 to `redirect`; a domain error (bad name,
// slug taken …) → the same page again with its message.
import type { FastifyReply } from 'fastify';
import { AccountError } from '../../accounts/service.ts';
import { ContentError } from '../../content/service.ts';

export async function attempt(
  reply: FastifyReply,
  work: () => Promise<unknown>,
  onError: (message: string) => Promise<FastifyReply>,
  redirect: string,
): Promise<FastifyReply> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ContentError || err instanceof AccountError) return onError(err.message);
    throw err;
  }
  return reply.code(303).redirect(redirect);
}
