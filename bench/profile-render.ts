// Profiles the uncached render of one post page in process:
//   node --cpu-prof --import tsx bench/profile-render.ts            (1,000 generated posts)
//   node --cpu-prof --import tsx bench/profile-render.ts DB SLUG    (an existing database)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { buildServer } from '../src/web/server.ts';

import { seedPosts } from './generate.ts';

let [file, slug] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-profile-'));
if (!file) {
  file = path.join(dir, 'profile.sqlite');
  slug = await seedPosts(file, 1000);
}
const db = await openDatabase(file);
const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), pageCache: false }, db);
const server = await buildServer(app, { logLevel: 'silent' });
await server.ready();
const t0 = Date.now();
for (let i = 0; i < 3000; i++) await server.inject(`/posts/${slug}`);
console.log(`${((Date.now() - t0) / 3000).toFixed(3)} ms per request`);
await server.close();
await app.close();
rmSync(dir, { recursive: true, force: true });
