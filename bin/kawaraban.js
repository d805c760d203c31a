#!/usr/bin/env node
// Entry point for `npx kawaraban`. The sources are TypeScript, compiled on the first start
// after a change (bin/compiled.js), so there is no build step between editing a file and
// running it, and a start does not pay for compiling them again.
import v8 from 'node:v8';
import { loadProgram } from './compiled.js';

// A server keeps V8's young generation at its first size while its modules load (loading
// them grew it to 32 MB, which it never gave back); `serve` then lets it grow to the size it
// keeps (src/cli/serve.ts, useSmallHeap).
if (process.argv[2] === 'serve') v8.setFlagsFromString('--semi-space-growth-factor=1');

const { main } = await loadProgram();
process.exitCode = await main(process.argv.slice(2));
