// Reads that change only when content changes (the sidebar, how many posts a listing has,
// the order of all published posts, the authors), kept for the current content version.
//
// A page the page cache does not hold — the long tail a crawler walks, or every page just
// after a write — would otherwise read these again on each request. The version is the page
// cache's: a write here, or another process's write seen by its poll, empties the memo, and
// while a change is being read (version -1) nothing is kept, as the page cache does.

export class VersionMemo {
  private version = Number.NaN;
  private readonly entries = new Map<string, Promise<unknown>>();

  /** `maxEntries` bounds what one version keeps: keys come from listings' filters, which
   * readers choose (a tag, a month), so past the bound the memo starts again. */
  constructor(
    private readonly currentVersion: () => number,
    private readonly maxEntries = 2000,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = this.currentVersion();
    if (version < 0) return load();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const known = this.entries.get(key) as Promise<T> | undefined;
    if (known) return known;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const loading = load();
    this.entries.set(key, loading);
    // A failed read is not remembered: the next request tries again.
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    return loading;
  }

  get size(): number {
    return this.entries.size;
  }
}
