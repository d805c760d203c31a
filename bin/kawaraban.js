#!/usr/bin/env node
// Entry point for `npx kawaraban`. The sources are TypeScript, compiled on the first start
// after a change (bin/compiled.js), so there is no build step between editing a file and
// running it, and a start does not pay for compiling them again.
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { loadProgram } from './compiled.js';

/** The young generation a server keeps (its two semi-spaces together). */
const YOUNG_GENERATION_BYTES = 8 * 1024 * 1024;

/**
 * A server's live heap is small (about 30 MB at 10,000 posts), but V8 sizes its young
 * generation for throughput: loading the modules and the first pages grew it to 32 MB (two
 * semi-spaces of 16 MB), which it kept. It may grow to `bytes` here and no further: V8 grows
 * it in a collection, by the growth factor it reads then, and a factor of 1 stops it (V8
 * takes no factor under 2 on the command line, and reads the semi-space's maximum only at
 * start, so this is the setting a running process can change). Watched from here, before the
 * modules load: held at V8's first size (1 MB semi-spaces) until then, the start took ~0.3 s
 * longer. Measured after every page of a 10,000-post site (bench/README, memory): 32 → 8 MB
 * took ~20 MB off the RSS for ~3 % more of the time spent collecting garbage (4 MB: ~6 %).
 * `KAWARABAN_SMALL_HEAP=off` lets it grow again (src/cli/serve.ts, useSmallHeap).
 */
function holdYoungGeneration(bytes) {
  const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? Infinity;
  const hold = () => v8.setFlagsFromString('--semi-space-growth-factor=1');
  if (size() >= bytes) return hold();
  const watch = new PerformanceObserver(() => {
    if (size() < bytes) return;
    hold();
    watch.disconnect();
  });
  watch.observe({ entryTypes: ['gc'] });
  globalThis[Symbol.for('kawaraban.youngGenerationWatch')] = watch;
}

if (process.argv[2] === 'serve') holdYoungGeneration(YOUNG_GENERATION_BYTES);

const { main } = await loadProgram();
process.exitCode = await main(process.argv.slice(2));
