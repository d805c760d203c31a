// Slugs: ASCII words from the title where it has them, otherwise a short random id that is
// stored with the post (so it never changes). Japanese is never percent-encoded into a URL
// unless the author types such a slug himself.
import { randomBytes } from 'node:crypto';

const MAX_WORDS = 8;
const MAX_LENGTH = 60;

/** ASCII words of a title (after NFKC, so full-width ＩＳＭＳ counts; accents and other combining
 * marks dropped, so café is cafe and a login stacked with marks is still one word), or '' when none. */
export function slugFromTitle(title: string): string {
  const plain = withoutInvisible(title).normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC');
  const words = plain.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  // A title whose only ASCII is numbers (6月1日, 2023年) makes a poor slug.
  if (!words.some((w) => /[a-z]/.test(w))) return '';
  let slug = '';
  for (const w of words.slice(0, MAX_WORDS)) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > MAX_LENGTH) break;
    slug = next;
  }
  return slug;
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l/1/o/0 to misread

export function shortId(length = 8): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** Text without invisible characters (zero-width spaces and joiners, bidi controls, soft
 * hyphens …: Unicode's format characters), which must not shape a slug. */
export function withoutInvisible(s: string): string {
  return s.replace(/\p{Cf}/gu, '');
}

/** What an author may type as a slug: letters (any script), digits, - and _. */
export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= 200 && /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u.test(slug);
}

/** The slug to try first for a new post. */
export function proposeSlug(title: string): string {
  return slugFromTitle(title) || `p-${shortId()}`;
}

/** slug, slug-2, slug-3 … : the first candidate `taken` says is free. */
export async function uniqueSlug(base: string, taken: (candidate: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
  return `${base}-${shortId()}`;
}
