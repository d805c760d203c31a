// A reader's query → what to look for. Words are ANDed; "an exact phrase" keeps its spaces;
// -word excludes; every word is normalised like the index, and a word from a synonym group
// also matches the other words of its group. Nothing in the query is ever passed to a
// search engine's own syntax, so quotes, *, NEAR, OR, parentheses and colons are just text.
import { TOKEN_CHAR } from '../db/search-grams.ts';
import { normalize } from './normalize.ts';

export const MAX_QUERY_LENGTH = 200;
export const MAX_TERMS = 10;
const MAX_TERM_LENGTH = 100;

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its alternatives does. */
  groups: string[][];
  excluded: string[];
  /** The words as typed (for highlighting and the page heading). */
  shown: string[];
}

const TOKEN = /(-?)(?:["“”「]([^"“”」]*)["“”」]?|(\S+))/g;

export function parseQuery(raw: string, synonyms: string[][] = []): ParsedQuery {
  const q = raw
    .toWellFormed()
    .replace(/\uFFFD/g, '')
    .replace(/\u3000/g, ' ')
    .slice(0, MAX_QUERY_LENGTH);
  const byWord = new Map<string, string[]>();
  for (const group of synonyms) for (const w of group) byWord.set(w, group);
  const groups: string[][] = [];
  const excluded: string[] = [];
  const shown: string[] = [];
  for (const m of q.matchAll(TOKEN)) {
    const minus = m[1] === '-';
    const text = normalize(m[2] ?? m[3] ?? '').slice(0, MAX_TERM_LENGTH);
    // A word without a letter or digit ("!", "…") is not searchable: the index has only those.
    if (!TOKEN_CHAR.test(text)) continue;
    if (minus) {
      excluded.push(text);
      continue;
    }
    if (groups.length >= MAX_TERMS) break;
    if (groups.some((g) => g[0] === text)) continue; // the same word twice asks nothing more
    groups.push([...new Set([text, ...(byWord.get(text) ?? [])])]);
    shown.push((m[2] ?? m[3])!.trim());
  }
  return { groups, excluded: excluded.slice(0, MAX_TERMS), shown };
}

/** Synonym groups as stored ("a,b,c" per row), normalised. */
export function synonymGroups(rows: string[]): string[][] {
  return rows
    .map((r) =>
      r
        .split(/[,、，]/)
        .map((w) => normalize(w))
        .filter(Boolean),
    )
    .filter((g) => g.length > 1);
}
