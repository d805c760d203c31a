// Rendered pages, kept in memory as ready Buffers with their headers (and gzip and brotli
// copies, made once when a stored page is asked for again), so a hit costs one Map lookup
// and a write to the socket.
//
// Correctness: every content write bumps a version row in the database. This process hears
// of its own writes at once (site/changes.ts); other processes' writes (another server, the
// CLI) are noticed by polling that row every `pollMs` (one indexed single-row read). A page
// rendered while the version moved is not stored, so a render that raced a write never
// lands in the cache.
//
// Admission: with `fromSecondRender`, a page is kept only from its second render (the table
// of pages rendered once outlives content changes: a page read before a change is kept at its
// first render after it). A crawler walking a large site fetches each page once; kept
// at once, those pages pushed out the ones readers ask for, and every page evicted was a
// Buffer left for V8's full collection, which comes late for memory outside its heap: the
// malloc heap grew by tens of MB that it never gave back (bench/README, memory). Pages are
// remembered as 32-bit hashes in a fixed table, so remembering allocates nothing.
//
// Bounds: the cache holds at most `maxBytes` (bodies, compressed copies and headers); past
// that the least recently used pages go. Each page keeps its plain body beside its gzip and
// brotli copies, so no hit decompresses (a client that accepts neither encoding is rarer than
// a browser, but a cached answer must cost next to nothing to anyone). Keys are made by the routes from the path and only
// the query parameters the route reads (web/page.ts), so junk parameters make no new entry.
import { createHash } from 'node:crypto';

export interface CachedPage {
  status: number;
  body: Buffer;
  /** The same body compressed, when the cache keeps it (smaller than the plain one). */
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  lastModified: string;
  /** The same headers as Node's flat [name, value, …] list, ready for writeHead. */
  rawHeaders: string[];
  /** The headers with content-length and content-encoding of the gzip / brotli copy. */
  gzipHeaders?: string[];
  brHeaders?: string[];
  /** Stored plain; its compressed copies are to be made when it is asked for again. */
  compressLater?: boolean;
  /** Headers of a 304 answer (validators and security headers, no body headers). */
  notModifiedHeaders: string[];
}

export interface PageCacheOptions {
  enabled: boolean;
  /** Upper bound of what the pages take in memory (default 8 MiB). */
  maxBytes?: number;
  pollMs: number;
  /** Keep a page only from its second render (see Admission above); off, from its first. */
  fromSecondRender?: boolean;
  readVersion: () => Promise<{ version: number; changedAt: string }>;
  onPollError?: (err: unknown) => void;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** What a page takes in the cache: its buffers, its header strings and a fixed overhead. */
export function sizeOf(key: string, page: CachedPage): number {
  let n = 512 + key.length * 2 + page.body.length + (page.gzip?.length ?? 0) + (page.br?.length ?? 0);
  for (const list of [page.rawHeaders, page.notModifiedHeaders, page.gzipHeaders ?? [], page.brHeaders ?? []]) {
    for (const s of list) n += 16 + s.length * 2;
  }
  return n;
}

export const DEFAULT_PAGE_CACHE_BYTES = 8 * 1024 * 1024;

/** Slots of the table of pages rendered before (64 KiB). Two pages in one slot push each other
 * out: one of them may wait for another render before it is kept. */
const SEEN_SLOTS = 1 << 14;

/** FNV-1a of the key's UTF-16 code units, never 0 (0 marks an empty slot). */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

export class PageCache {
  /** Map order is recency order: a hit moves its page to the end, eviction takes the front. */
  private readonly entries = new Map<string, { page: CachedPage; bytes: number }>();
  private readonly maxBytes: number;
  private usedBytes = 0;
  /** Hashes of pages rendered before (fromSecondRender), each in slot hash % slots. */
  private readonly seen: Uint32Array | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The content version the stored pages belong to. */
  version = 0;
  /** Counts every emptying of the cache (a write here, one seen by the poll, an invalidate):
   * what is remembered beside the pages (cache/version-memo.ts) lets go at the same moments. */
  generation = 0;
  /** When content last changed (HTTP date), used as Last-Modified. */
  lastModified = new Date().toUTCString();

  constructor(private readonly options: PageCacheOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_PAGE_CACHE_BYTES;
    this.seen = options.fromSecondRender ? new Uint32Array(SEEN_SLOTS) : undefined;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes the stored pages take (never above `limit`). */
  get bytes(): number {
    return this.usedBytes;
  }

  get limit(): number {
    return this.maxBytes;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last. Re-inserting costs little next to writing the page out.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.page;
  }

  /** Whether a page is stored, without counting as a use. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Stores a page rendered at `renderedAt` (a version); refused when content moved since. */
  set(key: string, page: CachedPage, renderedAt: number): void {
    if (!this.options.enabled || this.version < 0 || renderedAt !== this.version) return;
    const bytes = sizeOf(key, page);
    if (bytes > this.maxBytes / 4) return; // one page never pushes out a quarter of the rest
    if (this.seen && !this.entries.has(key)) {
      const h = hashKey(key);
      const slot = h & (SEEN_SLOTS - 1);
      if (this.seen[slot] !== h) {
        this.seen[slot] = h; // first render: remembered, not kept
        return;
      }
    }
    this.delete(key);
    while (this.usedBytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.entries.set(key, { page, bytes });
    this.usedBytes += bytes;
  }

  /** Puts a fuller form of a stored page (with its compressed copies) in its place, when the
   * page is still the one stored; the bound holds as for `set` (older pages may go). The page
   * keeps its place in the recency order: a compression finishing is no use of the page (made
   * a use, late compressions under load pushed recently read pages out). */
  replace(key: string, stored: CachedPage, fuller: CachedPage): boolean {
    const entry = this.entries.get(key);
    if (entry?.page !== stored) return false; // evicted, or content moved
    const bytes = sizeOf(key, fuller);
    if (bytes > this.maxBytes / 4) return false;
    this.entries.set(key, { page: fuller, bytes }); // an existing key keeps its place in a Map
    this.usedBytes += bytes - entry.bytes;
    while (this.usedBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    return this.entries.get(key)?.page === fuller;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.usedBytes -= entry.bytes;
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
    this.usedBytes = 0;
  }

  /** This process changed content: drop everything now, and store nothing until the new
   * version has been read (a render already in flight would be stale). */
  invalidate(): Promise<void> {
    this.clear();
    this.version = -1;
    return this.refresh().catch((err) => this.options.onPollError?.(err));
  }

  /** Reads the version now; clears the pages when it moved. */
  async refresh(): Promise<void> {
    const { version, changedAt } = await this.options.readVersion();
    if (version !== this.version) {
      this.version = version;
      this.lastModified = new Date(changedAt).toUTCString();
      this.clear();
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err) => this.options.onPollError?.(err));
    }, this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
