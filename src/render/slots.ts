// Large HTML that is already bytes — a post's body, stored as UTF-8 and read as such — goes
// into a page without being decoded into a string and encoded again: decoding Japanese text
// costs more than rendering the rest of the page. While renderDocumentBytes renders, a view
// puts a marker where the bytes go; the page is then assembled from Buffers around them.
import { randomBytes } from 'node:crypto';

// The marker carries a secret of this process, so no text a view escapes can forge one.
const NONCE = randomBytes(12).toString('base64url');
const OPEN = `\u0001${NONCE}:`;
const CLOSE = '\u0001';

let collecting: Buffer[] | undefined;

/** What a view writes (unescaped) where `bytes` belong: a marker while a page is assembled
 * from bytes, else the HTML itself (`html` when the caller has it as a string already). */
export function htmlSlot(bytes: Buffer, html?: string): string {
  if (!collecting) return html ?? bytes.toString('utf8');
  collecting.push(bytes);
  return `${OPEN}${collecting.length - 1}${CLOSE}`;
}

/** Runs a synchronous render, then replaces its markers with the bytes they stand for. */
export function assembleWithSlots(render: () => string): Buffer {
  const outer = collecting;
  const parts: Buffer[] = [];
  collecting = parts;
  let html: string;
  try {
    html = render();
  } finally {
    collecting = outer;
  }
  if (!parts.length) return Buffer.from(html, 'utf8');
  const chunks: Buffer[] = [];
  let last = 0;
  for (let at = html.indexOf(OPEN); at >= 0; at = html.indexOf(OPEN, last)) {
    const end = html.indexOf(CLOSE, at + OPEN.length);
    chunks.push(Buffer.from(html.slice(last, at), 'utf8'), parts[Number(html.slice(at + OPEN.length, end))]!);
    last = end + CLOSE.length;
  }
  chunks.push(Buffer.from(html.slice(last), 'utf8'));
  return Buffer.concat(chunks);
}
