// Loads the command-line program (src/cli/main.ts) compiled once into plain JavaScript.
//
// Why: compiling the TypeScript through tsx at every start made `kawaraban serve` take
// several seconds to its first answer and kept ~100 MB more resident (the compiler and
// every compiled module's text). esbuild bundles the sources and the pure-JavaScript
// packages into `.build/<id>/` in a few seconds, at install (npm's prepare step runs this
// file) or at the first start that finds no current build; later starts only compare the
// sources' sizes and times with the list saved beside the build (one stat per source file),
// and import it.
// Bundling the packages halved the time to the first answer (resolving and reading ~230
// package files one by one cost more than compiling them).
//
// A source edited, added to an import or removed changes that list, so the next start
// rebuilds: there is still no build step to remember. When the build cannot be written (a
// read-only install) or KAWARABAN_TSX=1 is set, the sources run through tsx as before.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildRoot = path.join(root, '.build');
const manifestFile = path.join(buildRoot, 'server.json');
const entry = 'src/cli/main.ts';
/** npm's record of the installed packages (rewritten by every npm install and npm ci). */
const INSTALLED_PACKAGES = 'node_modules/.package-lock.json';
/** Packages left out of the bundle: native addons, optional native parts, the compilers. */
const KEEP_EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'sharp', 'pg-native', 'esbuild'];
/** Builds another process may still be loading chunks from are left alone this long. */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

/** `size:mtime` of a file, or undefined when it is gone. */
function stamp(file) {
  try {
    const s = statSync(path.join(root, file));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** The saved build, when every file it was made from is unchanged. */
function currentBuild() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, was] of Object.entries(manifest.inputs)) if (stamp(file) !== was) return undefined;
  const main = path.join(buildRoot, manifest.dir, 'main.js');
  return existsSync(main) ? main : undefined;
}

/**
 * Source files that read `import.meta.url` (to find public/, or the editor's sources) keep
 * their own location in the bundle, not the chunk's.
 */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

async function build() {
  const { build: esbuild } = await import('esbuild');
  const dir = `${Date.now().toString(36)}-${process.pid}`;
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir: path.join(buildRoot, dir),
    bundle: true,
    splitting: true, // commands import their modules lazily: each stays its own chunk
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Pure-JavaScript packages are bundled in: a start then reads a few chunks instead of
    // resolving and reading ~230 package files one by one. Native addons (and what loads
    // them by path), and the compilers, stay packages.
    external: KEEP_EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: "import { createRequire as kawarabanCreateRequire } from 'node:module'; const require = kawarabanCreateRequire(import.meta.url);",
    },
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: 'linked', // for NODE_OPTIONS=--enable-source-maps
    metafile: true,
    logLevel: 'error',
    plugins: [keepImportMetaUrl],
  });
  const inputs = {};
  // Package files are not listed one by one (there are ~1,800): npm rewrites its record of
  // what is installed at every install, so that one file stands for all of them.
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules/'));
  // This file too: a change in how the build is made makes a new one.
  for (const file of [...sources, 'tsconfig.json', INSTALLED_PACKAGES, 'bin/compiled.js']) inputs[file] = stamp(file);
  // Renamed into place, so a process starting meanwhile reads the old list or the new one.
  const temp = `${manifestFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ dir, inputs, packages: packagesImported(result.metafile) }));
  renameSync(temp, manifestFile);
  pruneOldBuilds(dir);
  return path.join(buildRoot, dir, 'main.js');
}

/** The packages the build still imports at run time (the rest is in its chunks). */
function packagesImported(metafile) {
  const names = new Set();
  for (const output of Object.values(metafile.outputs))
    for (const i of output.imports) if (i.external && !isBuiltin(i.path)) names.add(i.path);
  return [...names].sort();
}

function pruneOldBuilds(keep) {
  for (const name of readdirSync(buildRoot)) {
    const full = path.join(buildRoot, name);
    if (name === keep || name === 'server.json' || name.endsWith('.tmp')) continue;
    try {
      if (Date.now() - statSync(full).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

async function viaTsx() {
  const { register } = await import('tsx/esm/api');
  // tsx would otherwise look for a tsconfig in the current directory, and compile JSX wrongly.
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  return import(pathToFileURL(path.join(root, entry)).href);
}

/** The current build's entry file, compiled first when the sources changed. */
export async function ensureBuilt() {
  const main = currentBuild();
  if (main) return main;
  mkdirSync(buildRoot, { recursive: true });
  return build();
}

/** The program's module (its `main(argv)`), compiled when the sources changed. */
export async function loadProgram() {
  if (process.env.KAWARABAN_TSX === '1') return viaTsx();
  let main;
  try {
    main = await ensureBuilt();
  } catch (err) {
    process.stderr.write(`kawaraban: could not compile the sources (${err.message.split('\n')[0]}); running them through tsx\n`);
    return viaTsx();
  }
  return import(pathToFileURL(main).href);
}

// `node bin/compiled.js` (npm's prepare step) compiles ahead, so that even the first start
// after an install answers quickly; a failure only warns, as the first start tries again.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await ensureBuilt();
  } catch (err) {
    process.stderr.write(`kawaraban: the sources will be compiled at the first start (${err.message.split('\n')[0]})\n`);
  }
}
