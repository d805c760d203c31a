#!/usr/bin/env node
// Entry point for `npx kawaraban`. The sources are TypeScript, compiled on the first start
// after a change (bin/compiled.js), so there is no build step between editing a file and
// running it, and a start does not pay for compiling them again.
import { loadProgram } from './compiled.js';

const { main } = await loadProgram();
process.exitCode = await main(process.argv.slice(2));
