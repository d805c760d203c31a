// `kawaraban search reindex` (with a progress bar on a terminal) and `search query "…"`.
import { progressBar } from './progress.ts';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { indexStats, reindexAll, searchSite } from '../search/service.ts';

export async function searchReindexCommand(config: Config): Promise<void> {
  const db = await openConfiguredDatabase(config);
  const bar = progressBar('Indexing posts');
  try {
    const documents = await reindexAll(db, (done, total) => bar.update(done, total));
    bar.stop();
    const { bytes } = await indexStats(db);
    console.log(`Search index rebuilt: ${documents} published post(s) indexed, ${(bytes / 1024 / 1024).toFixed(1)} MiB.`);
  } finally {
    bar.stop();
    await db.close();
  }
}

export async function searchQueryCommand(config: Config, q: string): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    const r = await searchSite(db, config.siteUrl, { q, page: 1, perPage: 10 });
    console.log(`${r.total} result(s) for ${JSON.stringify(q)}`);
    for (const x of r.results) console.log(`${x.score}\t${x.published_at.slice(0, 10)}\t${x.title}\t${x.url}`);
  } finally {
    await db.close();
  }
}
