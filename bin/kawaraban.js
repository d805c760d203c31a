#!/usr/bin/env node
// Entry point for `npx kawaraban`. The sources are TypeScript run through tsx, so there is
// no build step between editing a file and running it. The project's tsconfig is named
// explicitly: tsx would otherwise look for one in the current directory, and JSX would be
// compiled wrongly when the command runs from elsewhere.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
register({ tsconfig: path.join(root, 'tsconfig.json') });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
