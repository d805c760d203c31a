// A test reporter that writes only what failed, one JSON line per failing test (its file, its
// name and the first lines of its error), so `npm test` can repeat them at the very end of a
// long run, where a CI log's tail shows them.
export default async function* failures(source) {
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    // A suite fails when one of its tests does; the test itself is reported on its own line.
    if (details?.type === 'suite' && details?.error?.failureType === 'subtestsFailed') continue;
    const error = details?.error;
    const cause = error?.cause ?? error;
    const message = String(cause?.stack ?? cause?.message ?? cause ?? '')
      .split('\n')
      .filter((line) => !/\(node:(internal|async_hooks)/.test(line))
      .slice(0, 10)
      .join('\n');
    yield JSON.stringify({ file, name, failureType: error?.failureType, message }) + '\n';
  }
}
