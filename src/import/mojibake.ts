// Finding and repairing mojibake: text that was once decoded with the wrong table and saved.
//
// Two kinds are common in old Japanese blogs:
// 1. EUC-JP read one byte out of step. A decoder that did not know NEC's row 13 (① is AD A1)
//    dropped the AD and paired every following byte with the wrong neighbour until it met
//    ASCII: "①どのウイルス" became "，匹離Εぅ襯". The bytes are still there: encode the damaged
//    text back to EUC-JP, put the lost lead byte in front and decode again. When the last
//    character of such a run lost a byte for good, the reading has a 〓 (geta) and is only a
//    guess.
// 2. UTF-8 read as Shift_JIS ("縺薙ｓ縺ｫ縺｡縺ｯ" for こんにちは): encode as Shift_JIS and decode as
//    UTF-8.
// A repair is made only when it is certain (isCertain: no lost byte, no 〓, only characters
// Japanese text uses); any other damaged line is kept exactly as it was and reported with its
// entry and line, for the author to fix by hand (the admin's 要確認 list). Never a guess.

/** One line that looked damaged. `after` is `before` unless the repair is certain; a repair
 * that is not (`guess`) is never published, only shown to the author to fix by hand. */
export interface Repair {
  line: number;
  before: string;
  after: string;
  repaired: boolean;
  guess?: string;
}

const GETA = '〓';

let eucTable: Map<string, number[]> | undefined;
let sjisTable: Map<string, number[]> | undefined;

/** Character → bytes for the two-byte part of a legacy encoding, built once from Node's own
 * decoder (there is no encoder for legacy encodings in the platform). */
function reverseTable(encoding: string, leads: number[], trails: number[]): Map<string, number[]> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const table = new Map<string, number[]>();
  for (const a of leads) {
    for (const b of trails) {
      try {
        const ch = decoder.decode(new Uint8Array([a, b]));
        if ([...ch].length === 1 && !table.has(ch)) table.set(ch, [a, b]);
      } catch {
        // no character at this code
      }
    }
  }
  return table;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function euc(): Map<string, number[]> {
  eucTable ??= reverseTable('euc-jp', range(0xa1, 0xfe), range(0xa1, 0xfe));
  return eucTable;
}

function sjis(): Map<string, number[]> {
  if (!sjisTable) {
    sjisTable = reverseTable('shift_jis', [...range(0x81, 0x9f), ...range(0xe0, 0xfc)], range(0x40, 0xfc));
    // Half-width katakana are one byte.
    for (const b of range(0xa1, 0xdf)) sjisTable.set(new TextDecoder('shift_jis').decode(new Uint8Array([b])), [b]);
  }
  return sjisTable;
}

/** How much a character looks like Japanese prose (+) or like misaligned bytes (−), judged
 * by its EUC-JP code: misaligned kana turn into kanji whose second byte is A4/A5 (the kana
 * rows) and into Greek, Cyrillic and box-drawing characters. */
function weightOf(ch: string): number {
  if (ch === '\uFFFD') return -4;
  if (ch === GETA) return -1;
  const code = euc().get(ch);
  if (!code) return 0;
  const [lead, trail] = code as [number, number];
  if (lead === 0xa4) return 2;
  if (lead === 0xa5) return 1.5;
  if (lead === 0xa1) return '、。「」・ー〜（）！？'.includes(ch) ? 1 : -0.5;
  if (lead >= 0xa6 && lead <= 0xa8) return -3;
  if (lead === 0xad) return 0.5;
  const kanaTrail = trail === 0xa4 || trail === 0xa5;
  if (lead >= 0xb0 && lead <= 0xcf) return kanaTrail ? -2 : 0.5;
  if (lead >= 0xd0 && lead <= 0xf4) return kanaTrail ? -3 : -0.5;
  return 0;
}

// Every line of an import is checked, so the weights of the Basic Multilingual Plane are
// worked out once into a table.
let weights: Float32Array | undefined;

function weight(ch: string): number {
  if (!weights) {
    weights = new Float32Array(0x10000);
    for (let cp = 0x80; cp < 0x10000; cp++) if (cp < 0xd800 || cp > 0xdfff) weights[cp] = weightOf(String.fromCharCode(cp));
  }
  const cp = ch.charCodeAt(0);
  return ch.length === 1 ? weights[cp]! : 0;
}

function score(text: string): number {
  let s = 0;
  for (const ch of text) s += weight(ch);
  return s;
}

/** A misalignment signature: three suspicious characters among six. */
function looksMisaligned(text: string): boolean {
  // A sliding window over the last six characters, counting the suspicious ones.
  const window: boolean[] = [];
  let bad = 0;
  for (const ch of text) {
    const suspicious = weight(ch) <= -2;
    window.push(suspicious);
    if (suspicious) bad++;
    if (window.length > 6 && window.shift()) bad--;
    if (bad >= 3) return true;
  }
  return false;
}

const UTF8_AS_SJIS = /[縺繧繝譁荳蜈]/g;

function looksLikeUtf8ReadAsSjis(text: string): boolean {
  return (text.match(UTF8_AS_SJIS)?.length ?? 0) >= 3;
}

/** Bytes of `text` in a legacy encoding; a U+FFFD (bytes the first decoder threw away)
 * becomes `lost`. Undefined when a character has no code there. */
function encode(table: Map<string, number[]>, text: string, lost?: number[]): number[] | undefined {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.length === 1 && ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : ch === '\uFFFD' ? lost : table.get(ch);
    if (!code) return undefined;
    bytes.push(...code);
  }
  return bytes;
}

/** Re-reads a misaligned run with its lost lead byte (`lead`, or unknown: the first
 * character is then lost too). */
function realign(run: string, lead: number | undefined): string | undefined {
  const bytes = encode(euc(), run);
  if (!bytes) return undefined;
  let text = new TextDecoder('euc-jp').decode(new Uint8Array([lead ?? 0xa1, ...bytes]));
  if (lead === undefined) text = GETA + [...text].slice(1).join('');
  return text.replace(/\uFFFD$/, GETA);
}

/** Characters a crawler's NFKC may have made of the full-width characters a misaligned run
 * starts with (，→, ８→8): taken back to full width so their bytes can be recovered. */
function widen(ch: string): string {
  const cp = ch.charCodeAt(0);
  return cp > 0x20 && cp < 0x7f ? String.fromCharCode(cp + 0xfee0) : ch;
}

/** Repairs the misaligned runs of a line; undefined when nothing is better. */
function repairMisaligned(line: string): string | undefined {
  const chars = [...line];
  const isWide = (ch: string) => ch.charCodeAt(0) >= 0x80 && ch !== '\uFFFD';
  let out = '';
  let i = 0;
  let changed = false;
  while (i < chars.length) {
    if (!isWide(chars[i]!)) {
      out += chars[i++];
      continue;
    }
    let end = i;
    while (end < chars.length && isWide(chars[end]!)) end++;
    const afterLoss = i > 0 && chars[i - 1] === '\uFFFD';
    // A single ASCII sign at the start of a line or after a space, right before the run,
    // may be the run's first character flattened to half width.
    const flattened = !afterLoss && i > 0 && (i === 1 || chars[i - 2] === ' ' || chars[i - 2] === '\u3000') && /[!-~]/.test(chars[i - 1]!);
    const runStart = flattened ? i - 1 : i;
    const run = chars.slice(runStart, end);
    if (!looksMisaligned(run.join(''))) {
      out += chars.slice(i, end).join('');
      i = end;
      continue;
    }
    // The misalignment ends somewhere in the run (a decoder that resynchronised): try
    // every end and keep the best-scoring reading.
    let best = { text: chars.slice(i, end).join(''), score: score(run.join('')), from: i };
    for (let cut = 2; cut <= run.length; cut++) {
      const head = [flattened ? widen(run[0]!) : run[0]!, ...run.slice(1, cut)].join('');
      const fixed = realign(head, afterLoss ? undefined : 0xad);
      if (fixed === undefined) continue;
      const candidate = fixed + run.slice(cut).join('');
      const s = score(candidate);
      if (s > best.score) best = { text: candidate, score: s, from: runStart };
    }
    if (best.score >= score(run.join('')) + 6) {
      if (best.from < i) out = out.slice(0, -1);
      if (afterLoss && out.endsWith('\uFFFD')) out = out.slice(0, -1);
      out += best.text;
      changed = true;
    } else out += chars.slice(i, end).join('');
    i = end;
  }
  return changed ? out : undefined;
}

function repairUtf8ReadAsSjis(line: string): string | undefined {
  // The decoder threw two bytes away at each U+FFFD: stand-ins that are invalid in UTF-8
  // make the character they belonged to one 〓 instead of garbage.
  const bytes = encode(sjis(), line, [0x80, 0x80]);
  if (!bytes) return undefined;
  const text = new TextDecoder('utf-8').decode(new Uint8Array(bytes)).replace(/\uFFFD+/g, GETA);
  return score(text) > score(line) + 6 ? text : undefined;
}

/** Whether a repaired line is certainly right: every character decoded (no 〓 for a lost
 * byte, no U+FFFD) and each is one that Japanese text uses — ASCII, kana, the JIS kanji,
 * Japanese punctuation and full-width forms, circled numbers and the like — never the Greek,
 * Cyrillic or box-drawing characters that misaligned bytes turn into. */
export function isCertain(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === GETA || ch === '\uFFFD') return false;
    if (cp < 0x80) continue;
    if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309b && cp <= 0x309e) || (cp >= 0x30a1 && cp <= 0x30fe)) continue; // kana
    if (cp >= 0x3000 && cp <= 0x303f) continue; // Japanese punctuation (〓 refused above)
    if (cp >= 0xff01 && cp <= 0xff9f) continue; // full-width forms, half-width kana
    if ((cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x3200 && cp <= 0x33ff)) continue; // ①, ㈱, ㍻
    if ('…‥―‐—–‘’“”※○●◎□■△▲▽▼◇◆☆★→←↑↓×÷・'.includes(ch)) continue;
    if (cp >= 0x4e00 && cp <= 0x9fff && euc().has(ch)) continue; // JIS X 0208 kanji
    return false;
  }
  return true;
}

/** Looks at one line: undefined when it looks fine. A line is changed only when its repair is
 * certain; otherwise it is kept exactly and reported with the guess. */
export function checkLine(line: string): Omit<Repair, 'line'> | undefined {
  if (!/[^\x00-\x7f]/.test(line)) return undefined;
  const misaligned = looksMisaligned(line.replace(/[\x00-\x7f]/g, ''));
  const utf8 = looksLikeUtf8ReadAsSjis(line);
  if (!misaligned && !utf8) return undefined;
  const after = (utf8 ? repairUtf8ReadAsSjis(line) : undefined) ?? (misaligned ? repairMisaligned(line) : undefined);
  if (after === undefined) return { before: line, after: line, repaired: false };
  // A U+FFFD in the line: the first decoder threw bytes away, so the repair fills a gap.
  return isCertain(after) && !line.includes('\uFFFD')
    ? { before: line, after, repaired: true }
    : { before: line, after: line, repaired: false, guess: after };
}

/** Passes lines through, repairing damaged ones and telling `report` about each. */
export async function* repairLines(lines: AsyncIterable<string>, report: (r: Repair) => void): AsyncGenerator<string> {
  let n = 0;
  for await (const line of lines) {
    n++;
    const found = checkLine(line);
    if (!found) {
      yield line;
      continue;
    }
    report({ line: n, ...found });
    yield found.after;
  }
}
