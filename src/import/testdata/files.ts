// Test files for imports, given as the chunked byte streams a real file would be.
import iconv from 'iconv-lite';

export type FileEncoding = 'utf-8' | 'euc-jp' | 'shift_jis';

/** `text` in `encoding`, read back in 1,000-byte chunks (characters split across chunks). */
export function file(text: string, encoding: FileEncoding = 'utf-8'): () => AsyncIterable<Uint8Array> {
  // Legacy files hold Windows' wave dash (～); the import turns it back into 〜.
  const bytes = encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text.replace(/〜/g, '～'), encoding === 'euc-jp' ? 'euc-jp' : 'cp932');
  return async function* () {
    for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
  };
}

/** A file of `head`, then `size` bytes of `filler` made as it is read (never in memory as a
 * whole), then `tail`. */
export function hugeFile(head: string, filler: string, size: number, tail: string): () => AsyncIterable<Uint8Array> {
  const block = Buffer.from(filler.repeat(Math.ceil(1_000_000 / Buffer.byteLength(filler))));
  return async function* () {
    yield Buffer.from(head);
    for (let sent = 0; sent < size; sent += block.length) yield block;
    yield Buffer.from(tail);
  };
}
