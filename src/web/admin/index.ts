// The admin, mounted under /admin/: cookies and form bodies are parsed here only, so public
// pages stay free of both.
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { authRoutes } from './auth-routes.ts';
import { ownerRoutes } from './owner-routes.ts';
import { postRoutes } from './post-routes.ts';
import { mediaRoutes } from './media-routes.ts';
import { categoryRoutes } from './category-routes.ts';
import { tagRoutes } from './tag-routes.ts';
import { redirectRoutes } from './redirect-routes.ts';
import { synonymRoutes } from './synonym-routes.ts';
import { profileRoutes } from './profile-routes.ts';
import { userRoutes } from './user-routes.ts';
import { eventAdminRoutes } from './event-routes.ts';
import { privacyAdminRoutes } from './privacy-routes.ts';
import { commentAdminRoutes } from './comment-routes.ts';
import { heldCount } from '../../comments/service.ts';
import { HELD_MARK, heldBadge } from '../../render/admin/layout.tsx';
import { importReviewRoutes } from './import-review-routes.ts';
import { toolAdminRoutes } from './tool-routes.ts';
import { subscriberAdminRoutes } from './subscriber-routes.ts';
import { installGuard } from './guard.ts';
import { zodValidator } from '../validation.ts';

export function adminRoutes(app: App) {
  return async function (f: FastifyInstance): Promise<void> {
    await f.register(fastifyCookie);
    // Repeated fields (categories) become arrays.
    await f.register(fastifyFormbody, { bodyLimit: 4 * 1024 * 1024 });
    // Multipart bodies are not read by a parser: upload routes stream them (upload.ts) after
    // the guard has let the request in.
    await f.register(fastifyMultipart, { limits: { fileSize: app.config.maxUploadBytes + 1, files: 1, fields: 40 } });
    // Every admin route declares its roles; one guard checks them (see guard.ts).
    installGuard(app, f);
    f.setValidatorCompiler(zodValidator);
    f.addHook('onSend', async (_req, reply, payload) => {
      reply.header('cache-control', 'no-store');
      // The menu's count of held comments, read only for pages that show the menu.
      if (typeof payload === 'string' && payload.includes(HELD_MARK)) return payload.replace(HELD_MARK, heldBadge(await heldCount(app.db)));
      return payload;
    });
    await f.register(authRoutes(app));
    await f.register(postRoutes(app));
    await f.register(ownerRoutes(app));
    await f.register(mediaRoutes(app));
    await f.register(categoryRoutes(app));
    await f.register(tagRoutes(app));
    await f.register(redirectRoutes(app));
    await f.register(synonymRoutes(app));
    await f.register(profileRoutes(app));
    await f.register(userRoutes(app));
    await f.register(eventAdminRoutes(app));
    await f.register(privacyAdminRoutes(app));
    await f.register(commentAdminRoutes(app));
    await f.register(importReviewRoutes(app));
    await f.register(toolAdminRoutes(app));
    await f.register(subscriberAdminRoutes(app));
  };
}
