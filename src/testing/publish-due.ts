// A separate process that runs one round of scheduled publishing (for the race test):
//   node --import tsx src/testing/publish-due.ts DATABASE_URL [SCHEMA] ISO_TIME
import { publishDue } from '../content/service.ts';
import { openDatabase } from '../db/connection.ts';

const [url, schema, at] = process.argv.slice(2);
const db = await openDatabase(url!, schema ? { schema } : {});
try {
  process.stdout.write(String(await publishDue(db, new Date(at!))));
} finally {
  await db.close();
}
