// Profiles the uncached render of one post page in process: node --cpu-prof --import tsx bench/profile-render.ts DB SLUG
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/connection.ts';
import { buildServer } from '../src/web/server.ts';

const [file, slug] = process.argv.slice(2);
const db = await openDatabase(file!);
const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'silent' }), pageCache: false }, db);
const server = await buildServer(app, { logLevel: 'silent' });
await server.ready();
const t0 = Date.now();
for (let i = 0; i < 3000; i++) await server.inject(`/posts/${slug}`);
console.log(`${((Date.now() - t0) / 3000).toFixed(3)} ms per request`);
await server.close();
await app.close();
