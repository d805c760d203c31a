// Reading time: characters as a reader counts them, and minutes at a Japanese reading pace.

/** Japanese is read at roughly 500 characters a minute; never less than one minute. */
export const CHARACTERS_PER_MINUTE = 500;

export function readingMinutes(characters: number): number {
  return Math.max(1, Math.ceil(characters / CHARACTERS_PER_MINUTE));
}

/** Characters as a reader counts them: code points, without white space. */
export function countReadingCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}
