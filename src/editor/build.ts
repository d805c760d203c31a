// Bundles the visual editor (src/editor/main.ts) with esbuild into public/editor/editor.js.
// Runs on `npm install` / `npm ci` (the `prepare` script), and at server start when the
// file is missing. The output is generated, so it is git-ignored.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const editorBundle = path.join(here, '..', '..', 'public', 'editor', 'editor.js');

/** markdown.ts's `./blocks.ts` → browser-blocks.ts (no zod, no sanitize-html). */
const browserBlocks: Plugin = {
  name: 'browser-blocks',
  setup(b) {
    b.onResolve({ filter: /\/blocks\.ts$/ }, (args) =>
      args.importer.endsWith(path.join('content', 'markdown.ts')) ? { path: path.join(here, 'browser-blocks.ts') } : undefined,
    );
  },
};

/**
 * markdown-it uses only the decoders of `entities`, but imports its index, which also builds
 * the encoders' table (23 KB, made into a Map as the page loads): the decoders alone will do.
 */
const entitiesDecoders: Plugin = {
  name: 'entities-decoders',
  setup(b) {
    b.onResolve({ filter: /^entities$/ }, async (args) => {
      const decoders = await b.resolve('entities/lib/decode.js', { kind: args.kind, resolveDir: args.resolveDir });
      return decoders.errors.length ? undefined : { path: decoders.path };
    });
  },
};

export async function buildEditorBundle(): Promise<void> {
  mkdirSync(path.dirname(editorBundle), { recursive: true });
  // Written aside and renamed, so a server starting meanwhile never serves half a file.
  const temp = `${editorBundle}.${process.pid}.tmp`;
  // esbuild is loaded only when the bundle is (re)built, not at every server start.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    bundle: true,
    minify: process.env.EDITOR_MINIFY !== '0',
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    outfile: temp,
    legalComments: 'none',
    // The bench splits start-up at this mark: fetching and compiling before, running after.
    banner: { js: "performance.mark('editor-script');" },
    plugins: [browserBlocks, entitiesDecoders],
    logLevel: 'warning',
  });
  renameSync(temp, editorBundle);
}

/** The newest change to the editor's sources (its folder and the Markdown it shares). */
function sourcesChangedAt(): number {
  const files = [...readdirSync(here).map((f) => path.join(here, f)), path.join(here, '..', 'content', 'markdown.ts')];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

/** At server start: build if `npm install` did not (a copied checkout), or the sources changed. */
export async function ensureEditorBundle(): Promise<void> {
  if (!existsSync(editorBundle) || statSync(editorBundle).mtimeMs < sourcesChangedAt()) await buildEditorBundle();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildEditorBundle();
  console.log(`editor bundle: ${path.relative(process.cwd(), editorBundle)}`);
}
