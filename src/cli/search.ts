// `kawaraban search reindex` (with a progress bar on a terminal) and `search query "…"`.
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../main.ts';
import { indexStats, reindexAll, searchSite } from '../search/service.ts';

export async function searchReindexCommand(config: Config): Promise<void> {
  const db = await openConfiguredDatabase(config);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'Indexing [{bar}] {value}/{total} posts | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  try {
    let started = false;
    const documents = await reindexAll(db, (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
    bar?.stop();
    const { bytes } = await indexStats(db);
    console.log(`Search index rebuilt: ${documents} published post(s) indexed, ${(bytes / 1024 / 1024).toFixed(1)} MiB.`);
  } finally {
    bar?.stop();
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
