// `kawaraban demo`: sample content so a newcomer sees a whole site in seconds.
import type { Config } from '../config.ts';
import { loadDemo } from '../demo/load.ts';
import { describeDatabase, openConfiguredDatabase } from '../db/open.ts';

export async function demoCommand(config: Config): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    const r = await loadDemo(db);
    console.log(
      `Demo content in ${describeDatabase(config)}: ${r.postsCreated} post(s) created, ${r.postsSkipped} already there; ` +
        `${r.categoriesCreated} categor${r.categoriesCreated === 1 ? 'y' : 'ies'} created.`,
    );
  } finally {
    await db.close();
  }
}
