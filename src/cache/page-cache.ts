// Rendered pages, kept in memory as ready Buffers with their headers, so a hit costs one
// Map lookup and a write to the socket.
//
// Correctness: every content write bumps a version row in the database. This process hears
// of its own writes at once (site/changes.ts); other processes' writes (another server, the
// CLI) are noticed by polling that row every `pollMs` (one indexed single-row read). A page
// rendered while the version moved is not stored, so a render that raced a write never
// lands in the cache.
import { createHash } from 'node:crypto';

export interface CachedPage {
  status: number;
  body: Buffer;
  etag: string;
  lastModified: string;
  headers: Record<string, string>;
  /** The same headers as Node's flat [name, value, …] list, ready for writeHead. */
  rawHeaders: string[];
  /** Headers of a 304 answer (validators and security headers, no body headers). */
  notModifiedHeaders: string[];
}

export interface PageCacheOptions {
  enabled: boolean;
  maxEntries?: number;
  pollMs: number;
  readVersion: () => Promise<{ version: number; changedAt: string }>;
  onPollError?: (err: unknown) => void;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly maxEntries: number;
  private timer: NodeJS.Timeout | undefined;
  /** The content version the stored pages belong to. */
  version = 0;
  /** When content last changed (HTTP date), used as Last-Modified. */
  lastModified = new Date().toUTCString();

  constructor(private readonly options: PageCacheOptions) {
    this.maxEntries = options.maxEntries ?? 5000;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedPage | undefined {
    return this.entries.get(key);
  }

  /** Stores a page rendered at `renderedAt` (a version); refused when content moved since. */
  set(key: string, page: CachedPage, renderedAt: number): void {
    if (!this.options.enabled || this.version < 0 || renderedAt !== this.version) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps keep insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, page);
  }

  /** This process changed content: drop everything now, and store nothing until the new
   * version has been read (a render already in flight would be stale). */
  invalidate(): Promise<void> {
    this.entries.clear();
    this.version = -1;
    return this.refresh().catch((err) => this.options.onPollError?.(err));
  }

  /** Reads the version now; clears the pages when it moved. */
  async refresh(): Promise<void> {
    const { version, changedAt } = await this.options.readVersion();
    if (version !== this.version) {
      this.version = version;
      this.lastModified = new Date(changedAt).toUTCString();
      this.entries.clear();
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
