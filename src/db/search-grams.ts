// The keys of PostgreSQL's character index (search_documents.grams): every character of a text and
// every pair of neighbouring characters, as numbers. Only letters, digits and private-use
// characters count, and everything else is skipped without breaking a pair — the same
// characters and the same adjacency as SQLite's FTS5 index over one-character tokens, so a
// word of one or two characters is found exactly, and a longer word through all its pairs.
// Three neighbouring characters of the Basic Multilingual Plane are a key too (migration 021):
// a word of three such characters is found exactly, and a longer one through its triples.
// Lives beside the schema because the migration that builds the index uses it too.

/** Characters the FTS5 unicode61 tokenizer keeps as tokens (letters, digits, private use). */
export const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;

const PAIR = 2 ** 21; // above every code point

/** The text's token characters, in order (what the index reads). */
export function tokenChars(text: string): number[] {
  const out: number[] = [];
  for (const c of text) if (TOKEN_CHAR.test(c)) out.push(c.codePointAt(0)!);
  return out;
}

/** "漏 え い" for SQLite's character index (FTS5 over one-character tokens). Other characters
 * separate tokens and are dropped. */
export function spaced(text: string): string {
  return [...text].map((c) => (TOKEN_CHAR.test(c) ? c : ' ')).join(' ');
}

/** The text's token characters as a string. */
export function tokenText(text: string): string {
  let out = '';
  for (const c of text) if (TOKEN_CHAR.test(c)) out += c;
  return out;
}

const BMP = 2 ** 16;
const TRIPLE = 2 ** 52; // above every pair (below 2^42); a triple's key stays below 2^53

/** The key of three neighbouring characters, or undefined when one is outside the Basic
 * Multilingual Plane (its key would not fit a number exactly). */
function tripleKey(a: number, b: number, c: number): number | undefined {
  return a < BMP && b < BMP && c < BMP ? TRIPLE + a * 2 ** 32 + b * BMP + c : undefined;
}

/** Keys of one text: each character (its code point), each pair (first × 2^21 + second;
 * a token character is at least "0", so pairs never collide with single characters) and each
 * triple (tripleKey). */
function addKeys(chars: number[], into: Set<number>): void {
  for (let i = 0; i < chars.length; i++) {
    into.add(chars[i]!);
    if (i + 1 < chars.length) into.add(chars[i]! * PAIR + chars[i + 1]!);
    if (i + 2 < chars.length) {
      const key = tripleKey(chars[i]!, chars[i + 1]!, chars[i + 2]!);
      if (key !== undefined) into.add(key);
    }
  }
}

/** The keys of a post: its title's and its text's (no pair spans the two). */
export function documentGrams(title: string, body: string): number[] {
  const keys = new Set<number>();
  addKeys(tokenChars(title), keys);
  addKeys(tokenChars(body), keys);
  return [...keys];
}

/** The keys of a title alone (PostgreSQL's title index: which posts have a word in the title). */
export function titleGrams(title: string): number[] {
  const keys = new Set<number>();
  addKeys(tokenChars(title), keys);
  return [...keys];
}

/** The keys a word needs: its one character, its pair, or all its triples (a pair where a
 * triple has no key); empty without token characters. */
export function termGrams(term: string): number[] {
  const chars = tokenChars(term);
  if (chars.length === 1) return chars;
  const keys = new Set<number>();
  if (chars.length === 2) keys.add(chars[0]! * PAIR + chars[1]!);
  for (let i = 0; i + 2 < chars.length; i++) {
    const key = tripleKey(chars[i]!, chars[i + 1]!, chars[i + 2]!);
    if (key !== undefined) keys.add(key);
    else for (const k of [i, i + 1]) keys.add(chars[k]! * PAIR + chars[k + 1]!);
  }
  return [...keys];
}

/** Whether a word's keys say exactly that its characters stand in a row: one character, two,
 * or three with a triple's key. */
export function exactByKeys(term: string): boolean {
  const chars = tokenChars(term);
  return chars.length <= 2 || (chars.length === 3 && tripleKey(chars[0]!, chars[1]!, chars[2]!) !== undefined);
}
