// Loads the demo content through the same services the admin uses. Running it twice
// creates nothing twice.
import * as read from '../content/read.ts';
import { createAuthor, createCategory, createPost } from '../content/service.ts';
import type { Db } from '../db/connection.ts';
import { updateSettings } from '../site/write.ts';
import { demoAuthor, demoCategories, demoPosts, demoSettings } from './content.ts';

export interface DemoResult {
  postsCreated: number;
  postsSkipped: number;
  categoriesCreated: number;
}

export async function loadDemo(db: Db): Promise<DemoResult> {
  await updateSettings(db, demoSettings);
  const author = (await read.findAuthor(db, demoAuthor.slug)) ?? { id: await createAuthor(db, demoAuthor) };

  let categoriesCreated = 0;
  const tree = await read.categoryTree(db);
  for (const c of demoCategories) {
    if (read.findCategory(tree, c.slug)) continue;
    await createCategory(db, c);
    categoriesCreated++;
  }

  let postsCreated = 0;
  let postsSkipped = 0;
  for (const p of demoPosts) {
    if (await read.postExists(db, p.slug)) {
      postsSkipped++;
      continue;
    }
    await createPost(db, { ...p, status: 'published', authorId: author.id });
    postsCreated++;
  }
  return { postsCreated, postsSkipped, categoriesCreated };
}
