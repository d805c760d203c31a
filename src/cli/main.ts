// `npx kawaraban <command>`. Each command lives in its own file; this one parses the
// arguments, loads the configuration and turns known failures into one clear line and an
// exit code (0 ok, 1 failed, 2 usage).
//
// Command modules are imported when their command runs: `--help` should not load the web
// server, sharp and the whole domain (that took 3 s and 190 MB), and an import should not
// carry the memory of modules it never uses.
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Errors whose message is the whole story for an operator: no stack trace. */
async function isExpected(err: unknown): Promise<boolean> {
  if (err instanceof ConfigError) return true;
  const [{ DatabaseOpenError }, { MigrationError }, { ContentError }, { AccountError }] = await Promise.all([
    import('../db/connection.ts'),
    import('../db/migrate.ts'),
    import('../content/service.ts'),
    import('../accounts/service.ts'),
  ]);
  return err instanceof DatabaseOpenError || err instanceof MigrationError || err instanceof ContentError || err instanceof AccountError;
}

/** What both blog imports (Movable Type, WordPress) take: the file and the same choices. */
function blogImport(command: Command, greetingNote?: string): Command {
  const greeting =
    'take the greeting and sign-off out of the posts and set them on the author, only when every post has them exactly alike';
  return command
    .argument('<file>')
    .option('--encoding <name>', 'utf-8, shift_jis or euc-jp (detected when not given)')
    .option('--dry-run', 'read and check everything, write nothing')
    .option('--keep-commenter-contacts', "keep commenters' emails, IP addresses and URLs (personal data; dropped by default)")
    .option('--extract-greeting', greetingNote ? `${greeting} (${greetingNote})` : greeting);
}

export function buildProgram(): Command {
  const program = new Command('kawaraban')
    .description('瓦版 Kawaraban — a Japanese-first publishing platform')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  // The wiring (and the domains it hands around) loads only when a command needs the
  // configuration, so `--help` and a mistyped command stay quick.
  const config = async () => {
    loadDotEnv();
    const loaded = loadConfig();
    (await import('../wiring.ts')).wire(loaded);
    return loaded;
  };

  program
    .command('serve')
    .description('start the web server (runs migrations first)')
    .option('--workers <n>', 'processes sharing the port (a number, or "auto" for one per CPU)')
    .action(async (o: { workers?: string }) => {
      const { parseWorkers, serveCommand } = await import('./serve.ts');
      return serveCommand(await config(), parseWorkers(o.workers ?? process.env.KAWARABAN_WORKERS));
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => (await import('./migrate.ts')).migrateCommand(await config()));

  program
    .command('demo')
    .description('load sample posts that use every block type (skips posts already loaded)')
    .action(async () => (await import('./demo.ts')).demoCommand(await config()));

  program
    .command('backup')
    .description('a consistent copy of the database while the site runs (SQLite backup API, or pg_dump)')
    .option('--out <file>', 'where to write it (default: DATA_DIR/backups/kawaraban-TIME.sqlite|pgdump)')
    .action(async (o: { out?: string }) => (await import('./backup.ts')).backupCommand(await config(), o.out));

  program
    .command('restore')
    .description('replace the database with a backup (stop the server first; SQLite keeps the old file aside)')
    .argument('<file>')
    .action(async (file: string) => (await import('./backup.ts')).restoreCommand(await config(), file));

  const imports = program.command('import').description('move in from another blog');
  blogImport(imports.command('mt'), 'the report always says what would be taken')
    .description('a Movable Type export (Livedoor Blog, FC2, Seesaa, Hatena); running it again updates, never duplicates')
    .option('--blog <kind>', 'where the file comes from, for redirects of old URLs: livedoor, fc2 or other', 'livedoor')
    .action(async (file: string, o) => (await import('./import.ts')).importBlogCommand(await config(), 'mt', file, o));

  blogImport(imports.command('wxr'))
    .description('a WordPress export (WXR): posts, pages, drafts, categories, tags, authors, comments; images stay at their old URLs')
    .action(async (file: string, o) => (await import('./import.ts')).importBlogCommand(await config(), 'wxr', file, o));

  imports
    .command('json')
    .description('a Kawaraban export (from kawaraban export) into an empty site')
    .argument('<file>')
    .action(async (file: string) => (await import('./import.ts')).importJsonCommand(await config(), file));

  program
    .command('export')
    .description('the whole site as versioned JSON (posts, categories, tags, authors, settings, comments, redirects, media list)')
    .option('--out <file>', 'where to write it (default: DATA_DIR/exports/kawaraban-TIME.json)')
    .action(async (o: { out?: string }) => (await import('./import.ts')).exportCommand(await config(), o.out));

  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create a user (the password is asked for, or read from stdin)')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--role <role>', 'owner, editor or author', 'author')
    .option('--name <name>', 'display name (defaults to the part of the email before @)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (o) => (await import('./user.ts')).userCreateCommand(await config(), o));
  user
    .command('list')
    .description('list users')
    .action(async () => (await import('./user.ts')).userListCommand(await config()));
  user
    .command('reset-2fa')
    .description('turn two-factor sign-in off for a user who lost their device')
    .argument('<email>')
    .action(async (email: string) => (await import('./user.ts')).userResetTwoFactorCommand(await config(), email));

  const privacy = program.command('privacy').description("a person's request about their data (across events, queued mail and comments)");
  privacy
    .command('export')
    .description('every record about an email, as JSON (stdout, or --out FILE); the audit log notes it, without the email')
    .argument('<email>')
    .option('--out <file>', 'write to this file (mode 600) instead of standard output')
    .action(async (email: string, o: { out?: string }) =>
      (await import('./privacy.ts')).privacyExportCommand(await config(), email, o.out),
    );
  privacy
    .command('delete')
    .description('delete every record about an email in one transaction')
    .argument('<email>')
    .option('--yes', 'confirm: this cannot be undone')
    .action(async (email: string, o: { yes?: boolean }) => (await import('./privacy.ts')).privacyDeleteCommand(await config(), email, o));

  const comments = program.command('comments').description('moderate comments (each action goes to the audit log)');
  comments
    .command('list')
    .description('one line per comment: id, post, name, state, the first 60 characters')
    .option('--held', 'only comments waiting for approval')
    .action(async (o: { held?: boolean }) => (await import('./comments.ts')).commentsListCommand(await config(), o));
  for (const [action, what] of [
    ['approve', 'approve comments (they appear on their posts)'],
    ['spam', 'mark comments as spam (they disappear from their posts)'],
    ['delete', 'delete comments and the replies under them'],
  ] as const) {
    comments
      .command(action)
      .description(what)
      .argument('<ids...>')
      .action(async (ids: string[]) => (await import('./comments.ts')).commentsModerateCommand(await config(), action, ids));
  }

  const keys = program.command('keys').description('the keys that seal personal data at rest (AES-256-GCM)');
  keys
    .command('new')
    .description('print a new key line (id:base64) for KAWARABAN_DATA_KEYS')
    .action(async () => (await import('./privacy.ts')).keysNewCommand());
  keys
    .command('rotate')
    .description(
      'seal everything with the current key: with the key file, a new key is added first; with KAWARABAN_DATA_KEYS, put the new key first yourself',
    )
    .action(async () => (await import('./privacy.ts')).keysRotateCommand(await config()));

  const post = program.command('post').description('posts, for scripts');
  post
    .command('list')
    .description('list posts: status, date, slug, title')
    .option('--status <status>', 'draft, pending, scheduled or published')
    .action(async (o: { status?: string }) => (await import('./post.ts')).postListCommand(await config(), o));
  post
    .command('publish')
    .description('publish a post now (subscribers are mailed, as from the editor)')
    .argument('<slug>')
    .action(async (slug: string) => (await import('./post.ts')).postPublishCommand(await config(), slug, true));
  post
    .command('unpublish')
    .description('take a published post off the site (back to a draft)')
    .argument('<slug>')
    .action(async (slug: string) => (await import('./post.ts')).postPublishCommand(await config(), slug, false));

  const search = program.command('search').description('the search index');
  search
    .command('reindex')
    .description('rebuild the search index from the posts (progress bar on a terminal)')
    .action(async () => (await import('./search.ts')).searchReindexCommand(await config()));
  search
    .command('query')
    .description('search as a reader would and print the top results')
    .argument('<words...>')
    .action(async (words: string[]) => (await import('./search.ts')).searchQueryCommand(await config(), words.join(' ')));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (await isExpected(err)) {
      process.stderr.write(`kawaraban: ${(err as Error).message}\n`);
      return EXIT_FAILED;
    }
    process.stderr.write(`kawaraban: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.DEBUG) console.error(err);
    return EXIT_FAILED;
  }
}
