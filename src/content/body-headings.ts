// A post's body is rendered once, at save time, and its headings are fitted then to sit
// under an h2 — a title in a listing, or the visually hidden 本文 heading under the h1 on
// the post's own page — so no level is skipped (WCAG 1.3.1; axe's heading-order): the first
// heading is an h3, and each next one at most one level below the one before it. Fitting at
// save time keeps the stored bytes what pages send (render/slots.ts), with no pass per view.

const HEADING = /<h([1-6])(\s[^>]*)?>([\s\S]*?)<\/h\1\s*>/gi;
const UNDER = 2;

/** The body's HTML with its headings renumbered to sit under an h2. */
export function fitHeadings(html: string): string {
  let previous: number = UNDER;
  return html.replace(HEADING, (_whole, stored: string, attrs: string | undefined, inner: string) => {
    const level = Math.min(Math.max(Number(stored), UNDER + 1), previous + 1, 6);
    previous = level;
    return `<h${level}${attrs ?? ''}>${inner}</h${level}>`;
  });
}
