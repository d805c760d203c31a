// `kawaraban import mt|wxr FILE`: a progress bar on a terminal, a report printed and saved as JSON.
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { progressBar } from './progress.ts';
import { cliActor } from '../audit/service.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { parseEncodingName } from '../import/encoding.ts';
import { ImportError, importMt, importWxr, type OldBlog } from '../import/service.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { ContentError } from '../content/service.ts';
import { ExportFormatError, exportSite, importSite } from '../import/json.ts';

// V8 lets the heap grow to several times what is alive before it collects; a 10,000-post
// import then reached 330 MB although under 100 MB was alive. A batch job with a memory budget
// collects when the heap passes a bound (96 MB) instead (measured in bench/README.md).
const HEAP_BOUND = 96 * 1024 * 1024;
let collect: (() => void) | undefined;

function boundHeap(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  if (process.memoryUsage().heapUsed > HEAP_BOUND) collect();
}

export interface ImportBlogOptions {
  encoding?: string;
  dryRun?: boolean;
  keepCommenterContacts?: boolean;
  extractGreeting?: boolean;
  blog?: string;
}

export async function importBlogCommand(config: Config, format: 'mt' | 'wxr', file: string, o: ImportBlogOptions): Promise<void> {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new ConfigError(`${full} does not exist`);
  let encoding;
  try {
    encoding = o.encoding ? parseEncodingName(o.encoding) : undefined;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const blog = (o.blog ?? 'livedoor') as OldBlog;
  if (!['livedoor', 'fc2', 'other'].includes(blog)) throw new ConfigError(`--blog must be livedoor, fc2 or other (not ${o.blog})`);
  const db = await openConfiguredDatabase(config);
  const bar = progressBar('Importing entries');
  try {
    const run = format === 'mt' ? importMt : importWxr;
    const report = await run(db, {
      open: () => createReadStream(full, { highWaterMark: 256 * 1024 }),
      fileName: path.basename(full),
      encoding,
      dryRun: Boolean(o.dryRun),
      keepCommenterContacts: Boolean(o.keepCommenterContacts),
      extractGreeting: Boolean(o.extractGreeting),
      blog,
      actor: cliActor,
      onProgress: (done, total, pass) => {
        if (pass === 'write') bar.update(done, total);
        boundHeap();
      },
    });
    bar.stop();
    const dir = path.join(config.dataDir, 'imports');
    mkdirSync(dir, { recursive: true });
    const reportFile = path.join(dir, `report-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.json`);
    writeFileSync(reportFile, JSON.stringify(report, null, 2), { mode: 0o600 });
    console.log(
      [
        `${report.dryRun ? 'Dry run (nothing written)' : 'Imported'} ${report.file}: ${report.entries} entries (${report.encoding}${report.encodingDetected ? ', detected' : ''}).`,
        `Posts: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.drafts} drafts.`,
        `Comments: ${report.comments} added; ${report.commentContactsDropped} commenters' emails/IPs/URLs ${o.keepCommenterContacts ? 'kept' : 'not kept (personal data; use --keep-commenter-contacts to keep them)'}.`,
        `Categories created: ${report.categoriesCreated.length}; authors created: ${report.authorsCreated.length}; redirects: ${report.redirects}.`,
        format === 'wxr'
          ? `Pages: ${report.pages} (imported as posts tagged 固定ページ); attachments: ${report.attachments} (kept at their old URLs, not downloaded).`
          : '',
        Object.keys(report.skipped).length
          ? `Skipped items: ${Object.entries(report.skipped)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}.`
          : '',
        `Native blocks: ${report.nativeShare.percent}% of the text (${report.nativeShare.html} characters stay raw HTML).`,
        report.mojibake.length
          ? `Mojibake: ${report.mojibake.filter((m) => m.repaired).length} lines repaired (certain), ${report.review} kept as they were and listed under 要確認 in the admin (see warnings).`
          : '',
        report.greeting.length
          ? `Greeting in every post: ${report.greeting.join(' / ')} (${report.greetingTaken ? 'taken out of the bodies, set on the author' : 'kept in the bodies; --extract-greeting moves it to the author'})`
          : '',
        report.signoff.length ? `Sign-off in every post: ${report.signoff.join(' / ')}` : '',
        !report.signoff.length && report.edgeVariants.end.length > 1
          ? `Sign-offs vary (kept in each post): ${report.edgeVariants.end.map((v) => `${v.lines.join(' / ')} (${v.posts})`).join('; ')}`
          : '',
        ...report.warnings.map((w) => `Warning, entry ${w.entry} (line ${w.line}): ${w.message}`),
        `Report: ${reportFile}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  } catch (err) {
    bar.stop();
    if (err instanceof ImportError || err instanceof ContentError) throw new ConfigError(`${path.basename(full)}: ${err.message}`);
    throw err;
  } finally {
    await db.close();
  }
}

export async function exportCommand(config: Config, out?: string): Promise<void> {
  const file = path.resolve(
    out ?? path.join(config.dataDir, 'exports', `kawaraban-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}.json`),
  );
  if (existsSync(file)) throw new ConfigError(`${file} exists already; choose another --out`);
  const db = await openConfiguredDatabase(config);
  try {
    const data = await exportSite(db);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(data, null, 1), { mode: 0o600 });
    console.log(
      `Exported ${data.posts.length} posts, ${data.comments.length} comments, ${data.redirects.length} redirects, ${data.media.length} media to ${file}`,
    );
  } finally {
    await db.close();
  }
}

export async function importJsonCommand(config: Config, file: string): Promise<void> {
  const full = path.resolve(file);
  if (!existsSync(full)) throw new ConfigError(`${full} does not exist`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path.basename(full)} is not JSON: ${(err as Error).message}`);
  }
  const db = await openConfiguredDatabase(config);
  try {
    const r = await importSite(db, data, cliActor);
    console.log(`Imported ${r.posts} posts and ${r.comments} comments from ${full}. Copy the media folder of the old data directory too.`);
  } catch (err) {
    if (err instanceof ExportFormatError || err instanceof ContentError) throw new ConfigError(`${path.basename(full)}: ${err.message}`);
    throw err;
  } finally {
    await db.close();
  }
}
