// The layer rule, checked by `npm run check:deps`:
//   web → render → domain → db; nothing points up, and no import cycles.
// Domains: content, events, search, import, media, accounts, privacy, mail, site, audit,
// comments, subscriptions, tools. Shared leaves every layer may use: time.ts, escape.ts,
// config.ts (types and loading). src/editor/ is browser code (esbuild): content/ only.
// Wiring (main.ts, app.ts, wiring.ts, cli/, testing/) and
// tests may import anything.
const DOMAINS = '(content|events|search|import|media|accounts|privacy|mail|site|audit|comments|subscriptions|tools)';
const notTest = '\\.test\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a loop; split out what both need.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'A domain imports only domains, db and the shared leaves: never render/, web/, cli/ or the wiring.',
      from: { path: `^src/${DOMAINS}/`, pathNot: notTest },
      to: { path: '^src/(web|render|cli|cache|demo|testing)/|^src/(app|main|wiring)\\.ts$' },
    },
    {
      name: 'render-not-up',
      severity: 'error',
      comment: 'Views read what they are handed: never web/, cli/ or the wiring.',
      from: { path: '^src/render/', pathNot: notTest },
      to: { path: '^src/(web|cli|testing|demo)/|^src/(main|wiring)\\.ts$' },
    },
    {
      name: 'db-not-up',
      severity: 'error',
      comment: 'The database layer knows no domain, view or route.',
      from: { path: '^src/db/', pathNot: notTest },
      to: { path: `^src/(${DOMAINS.slice(1, -1)}|render|web|cli|cache|demo|testing)/|^src/(app|main|wiring)\\.ts$` },
    },
    {
      name: 'shared-leaves',
      severity: 'error',
      comment: 'time.ts and escape.ts import nothing of the project.',
      from: { path: '^src/(time|escape)\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'editor-in-the-browser',
      severity: 'error',
      comment:
        'src/editor/ is bundled for the browser by esbuild: it uses only content/ (shared block model) and itself; build.ts, the bundler, is the server side.',
      from: { path: '^src/editor/', pathNot: `${notTest}|^src/editor/build\\.ts$` },
      to: { path: '^src/', pathNot: '^src/(editor|content)/' },
    },
    {
      name: 'editor-only-through-its-build',
      severity: 'error',
      comment: 'Server code reaches the browser editor only through its build script.',
      from: { pathNot: `^src/editor/|${notTest}` },
      to: { path: '^src/editor/', pathNot: '^src/editor/build\\.ts$' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Only tests import tests and test helpers.',
      from: { path: '^src/', pathNot: `${notTest}|^src/testing/` },
      to: { path: `${notTest}|^src/testing/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
  },
};
