// Writes posts and edits them in a loop, printing "ack SLUG REVISION" after each commit, until
// it is killed. Used by the durability test:
//   node --import tsx src/testing/durability-writer.ts DATABASE_URL [SCHEMA] RUN
import { createAuthor, createPost, updatePost } from '../content/service.ts';
import { openDatabase } from '../db/connection.ts';

const [url, schema, run] = process.argv.slice(2);
const db = await openDatabase(url!, schema ? { schema } : {});
const author = await db.kysely.selectFrom('authors').select('id').where('slug', '=', 'durable').executeTakeFirst();
const authorId = author ? Number(author.id) : await createAuthor(db, { slug: 'durable', displayName: 'Durable' });
for (let n = 0; ; n++) {
  const post = await createPost(db, {
    title: `durable ${run} ${n}`,
    slug: `durable-${run}-${n}`,
    markdown: `本文 ${n}\n\n:::commentary\nコメント ${n}\n:::`,
    status: 'published',
    authorId,
  });
  process.stdout.write(`ack ${post.slug} ${post.revision}\n`);
  const edited = await updatePost(db, Number(post.id), { markdown: `書き直した本文 ${n}` });
  process.stdout.write(`ack ${edited.slug} ${edited.revision}\n`);
}
