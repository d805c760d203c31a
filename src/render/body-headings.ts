// A post's body is rendered once, at save time, and shown under two titles: an h1 on its own
// page, an h2 in a listing. Its headings are fitted to the title they sit under when the page
// is drawn, so no level is skipped (WCAG 1.3.1; axe's heading-order): the first heading is one
// level below the title, and each next one at most one level below the one before it.

const HEADING = /<h([1-6])(\s[^>]*)?>([\s\S]*?)<\/h\1\s*>/gi;

/** The body's HTML with its headings renumbered to sit under an h`titleLevel`. */
export function fitHeadings(html: string, titleLevel: 1 | 2): string {
  let previous: number = titleLevel;
  return html.replace(HEADING, (_whole, _level: string, attrs: string | undefined, inner: string) => {
    // The stored levels start at h3 (a body under an h2), ## in Markdown.
    const stored = Number(_level) - (2 - titleLevel);
    const level = Math.min(Math.max(stored, titleLevel + 1), previous + 1, 6);
    previous = level;
    return `<h${level}${attrs ?? ''}>${inner}</h${level}>`;
  });
}
