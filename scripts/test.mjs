// `npm test`: every *.test.ts under src/ and e2e/, through Node's test runner with tsx,
// once on SQLite and once on PostgreSQL.
//
// PostgreSQL: TEST_DATABASE_URL (default: the local server's `test` database). When it
// cannot be reached the PostgreSQL run is skipped with one loud line, except under CI=true,
// where that is a failure. Chromium is handled the same way by the browser tests.
//
// Arguments narrow the run: `npm test -- src/content` runs the files under that folder;
// `--sqlite-only` / `--postgres-only` pick one engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const sqliteOnly = args.includes('--sqlite-only');
const postgresOnly = args.includes('--postgres-only');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(full);
  }
  return out;
}

const roots = only.length ? only : ['src', 'e2e'];
const files = roots.flatMap((r) => (statSync(r).isDirectory() ? findTests(r) : [r])).sort();
if (!files.length) {
  console.error('No test files found.');
  process.exit(1);
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    console.error(`PostgreSQL at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')} cannot be reached: ${err.message}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// A test file is stopped after this long. The accessibility files run axe-core over every page
// type at two widths (about 90 s on a quiet machine, more while the other file runs beside it),
// so the ceiling is for a hung test, not a slow one.
const TEST_TIMEOUT = '--test-timeout=300000';

// Every run also writes what failed to a file of its own; the failures are repeated after the
// last run, so the end of a long log says what went wrong and where.
const failureReporter = path.join(path.dirname(fileURLToPath(import.meta.url)), 'failures-reporter.mjs');
const failureDir = mkdtempSync(path.join(os.tmpdir(), 'kawaraban-test-failures-'));
const outcomes = [];

function runFiles(label, testFiles, env) {
  console.log(`\n===== ${label} (${testFiles.length} files) =====\n`);
  const failureFile = path.join(failureDir, `${outcomes.length}.jsonl`);
  const reporters = ['--test-reporter=tap', '--test-reporter-destination=stdout'];
  reporters.push(`--test-reporter=${failureReporter}`, `--test-reporter-destination=${failureFile}`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', TEST_TIMEOUT, ...reporters, ...testFiles],
    {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  const status = result.status ?? 1;
  let failures = [];
  try {
    failures = readFileSync(failureFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    // No file: the runner itself did not start; its status says so.
  }
  outcomes.push({ label, status, seconds: Math.round((Date.now() - started) / 1000), failures });
  return status;
}

function run(engine) {
  return runFiles(`Tests on ${engine}`, files, { KAWARABAN_TEST_DB: engine });
}

function summarize() {
  console.log('\n===== Summary =====');
  for (const o of outcomes) {
    console.log(`${o.status === 0 ? 'ok  ' : 'FAIL'} ${o.label}: exit ${o.status}, ${o.seconds} s, ${o.failures.length} failing test(s)`);
    for (const f of o.failures) {
      const where = f.file ? path.relative(process.cwd(), f.file) : '?';
      console.log(`  - ${where}: ${f.name}${f.failureType ? ` [${f.failureType}]` : ''}`);
      if (f.message) console.log(f.message.replace(/^/gm, '      '));
    }
  }
  rmSync(failureDir, { recursive: true, force: true });
}

// The date-dependent suites again with the process in other time zones: the site's zone
// comes from KAWARABAN_TIME_ZONE, never from the machine's.
const ZONED = [
  'src/time.test.ts',
  'src/content/service.test.ts',
  'src/import/mt.test.ts',
  'src/import/wxr.test.ts',
  'src/web/public-routes.test.ts',
  'src/web/feeds.test.ts',
];
function runZones() {
  const zoned = files.filter((f) => ZONED.includes(f.split(path.sep).join('/')));
  let status = 0;
  for (const tz of ['UTC', 'America/Los_Angeles']) {
    if (!zoned.length) break;
    status ||= runFiles(`Date-dependent tests with TZ=${tz} on sqlite`, zoned, { TZ: tz, KAWARABAN_TEST_DB: 'sqlite' });
  }
  return status;
}

let failed = false;
if (!postgresOnly) failed = run('sqlite') !== 0 || failed;
if (!postgresOnly) failed = runZones() !== 0 || failed;
if (!sqliteOnly) {
  if (await postgresReachable()) {
    failed = run('postgres') !== 0 || failed;
  } else if (ci) {
    console.error('FAIL: CI=true and PostgreSQL is not reachable, so the PostgreSQL run cannot happen.');
    failed = true;
  } else {
    console.error('\n!!!!! SKIPPED: the PostgreSQL run (no server reachable; set TEST_DATABASE_URL). CI would fail here. !!!!!\n');
  }
}
summarize();
process.exit(failed ? 1 : 0);
