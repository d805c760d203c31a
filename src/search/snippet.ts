// A few lines around the best match, cut from the text as written, HTML-escaped, with the
// matched words in <mark>.
import { escapeHtml } from '../escape.ts';
import { normalizeWithMap } from './normalize.ts';

const BEFORE = 40;
const AFTER = 80;

/** Texts are read in blocks: most matches are near the start, and mapping a whole long text
 * character by character would cost more than the search itself. */
const BLOCK = 1200;

export function snippet(text: string, terms: string[]): string {
  for (let start = 0; start < text.length; start += BLOCK) {
    // Overlap the blocks so a word across a boundary is still found.
    const from = notInPair(text, Math.max(0, start - 100));
    const part = cut(text, from, terms);
    if (part !== undefined) return part;
  }
  return escapeHtml([...text].slice(0, BEFORE + AFTER).join('')) + (text.length > BEFORE + AFTER ? '…' : '');
}

/** The snippet around the first match in text[offset … offset + BLOCK + 100], if any. */
function cut(whole: string, offset: number, terms: string[]): string | undefined {
  const text = whole;
  const n = normalizeWithMap(whole.slice(offset, notInPair(whole, Math.min(whole.length, offset + BLOCK + 100))));
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let i = n.text.indexOf(term); i >= 0 && ranges.length < 50; i = n.text.indexOf(term, i + term.length)) {
      let end = offset + n.to[i + term.length - 1]!;
      // A word-final long vowel was dropped by normalisation; mark it with its word.
      while (end < text.length && (text[end] === 'ー' || text[end] === 'ｰ')) end++;
      ranges.push([offset + n.from[i]!, end]);
    }
  }
  if (!ranges.length) return undefined;
  ranges.sort((a, b) => a[0] - b[0]);
  // The window around the first match, stretched to show as many matches as fit.
  const start = notInPair(text, Math.max(0, ranges[0]![0] - BEFORE));
  const end = notInPair(text, Math.min(text.length, ranges[0]![1] + AFTER));
  const inside = merge(ranges.filter(([a, b]) => a >= start && b <= end));
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [a, b] of inside) {
    out += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  out += escapeHtml(text.slice(at, end)) + (end < text.length ? '…' : '');
  return out.replace(/\s+/g, ' ');
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** An index moved back so it does not fall between the two halves of a surrogate pair. */
function notInPair(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}
