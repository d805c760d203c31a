// What every old-blog format is read into before it becomes posts: one entry per post with
// its comments, whatever the file looked like (Movable Type text, WordPress XML).

export interface ImportComment {
  author: string;
  email: string;
  ip: string;
  url: string;
  date: Date | undefined;
  body: string;
}

export interface ImportEntry {
  /** 1-based position in the file, for messages. */
  index: number;
  /** Line where the entry starts. */
  line: number;
  /** The entry's identity in its blog, so a second run finds the post it made (empty: the
   * basename, else date and title, identify it). */
  key: string;
  author: string;
  title: string;
  /** The old blog's URL name; becomes the slug when it is a valid one. */
  basename: string;
  status: 'publish' | 'draft';
  date: Date | undefined;
  rawDate: string;
  categories: string[];
  tags: string[];
  /** Lead image URL (MT's IMAGE, WordPress's featured image). */
  image: string;
  body: string;
  extendedBody: string;
  excerpt: string;
  keywords: string;
  /** '0' when the body is HTML as is; otherwise line breaks become <br> / paragraphs. */
  convertBreaks: string;
  comments: ImportComment[];
  /** Paths the entry had on the old blog (with query, e.g. "/?p=12"), redirected here. */
  oldPaths: string[];
}

/** Longest body, excerpt or comment accepted (characters). A post larger than this is not a
 * blog post but a mistake or an attack, and would not render usefully either. */
export const MAX_TEXT_CHARS = 5_000_000;

export function emptyEntry(index: number, line: number): ImportEntry {
  return {
    index,
    line,
    key: '',
    author: '',
    title: '',
    basename: '',
    status: 'publish',
    date: undefined,
    rawDate: '',
    categories: [],
    tags: [],
    image: '',
    body: '',
    extendedBody: '',
    excerpt: '',
    keywords: '',
    convertBreaks: '1',
    comments: [],
    oldPaths: [],
  };
}
