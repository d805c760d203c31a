// Which encoding an old blog's export is in: UTF-8 (with or without BOM), Shift_JIS (CP932)
// or EUC-JP, decided from the bytes. Node's TextDecoder follows the WHATWG tables, so
// "shift_jis" is Windows-31J (①, ㈱, ㍻ …) and "euc-jp" includes NEC's row 13 (① is AD A1).

import { MAX_TEXT_CHARS } from './entry.ts';

export type Encoding = 'utf-8' | 'shift_jis' | 'euc-jp';

/** How unlikely a decoded sample is as Japanese prose: replacement characters, control
 * characters, half-width katakana and private-use code points all count against it. */
function oddness(text: string): number {
  let odd = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfffd) odd += 10;
    else if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) odd += 5;
    else if (cp >= 0xff61 && cp <= 0xff9f)
      odd += 1; // half-width katakana: rare in blogs, common in misreads
    else if (cp >= 0xe000 && cp <= 0xf8ff) odd += 3;
  }
  return odd;
}

export interface Detected {
  encoding: Encoding;
  bom: boolean;
}

/** Decides from the first bytes of a file (64 KiB is plenty). */
export function detectEncoding(sample: Uint8Array): Detected {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  // A sample cut in the middle of a character: drop up to 3 trailing bytes before checking.
  for (let cut = 0; cut <= 3; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return { encoding: 'utf-8', bom: false };
    } catch {
      // not UTF-8 (or cut inside a character: try a shorter sample)
    }
  }
  const sjis = oddness(new TextDecoder('shift_jis').decode(sample));
  const euc = oddness(new TextDecoder('euc-jp').decode(sample));
  return { encoding: euc < sjis ? 'euc-jp' : 'shift_jis', bom: false };
}

export function parseEncodingName(name: string): Encoding {
  const n = name.toLowerCase().replace(/[_-]/g, '');
  if (n === 'utf8') return 'utf-8';
  if (n === 'shiftjis' || n === 'sjis' || n === 'cp932' || n === 'windows31j') return 'shift_jis';
  if (n === 'eucjp') return 'euc-jp';
  throw new Error(`unknown encoding "${name}" (use utf-8, shift_jis or euc-jp)`);
}

/** The wave dash an author typed (〜) is stored by Windows' tables as the code that decoders
 * read back as the full-width tilde (～). In text from a legacy encoding it is turned back. */
function fromLegacy(line: string): string {
  return line.replace(/\uFF5E/g, '\u301C');
}

/** Lines of a file, decoded as it streams (the file is never one string in memory). */
export async function* decodeLines(chunks: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  if (encoding !== 'utf-8') {
    for await (const line of decodeRawLines(chunks, encoding)) yield fromLegacy(line);
    return;
  }
  yield* decodeRawLines(chunks, encoding);
}

export class LineTooLongError extends Error {
  constructor(readonly line: number) {
    super(`${line}行目が ${MAX_TEXT_CHARS.toLocaleString('en')} 文字を超えています（改行のない巨大なデータは取り込めません）`);
  }
}

/** The file as decoded text, chunk by chunk (a character split across chunks is kept whole). */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const last = decoder.decode();
  if (last) yield last;
}

async function* decodeRawLines(chunks: AsyncIterable<Uint8Array>, encoding: Encoding): AsyncGenerator<string> {
  let rest = '';
  let lineNo = 0;
  for await (const text of decodeChunks(chunks, encoding)) {
    rest += text;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      lineNo++;
      yield rest.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_TEXT_CHARS) throw new LineTooLongError(lineNo + 1);
  }
  if (rest) yield rest.replace(/\r$/, '');
}
