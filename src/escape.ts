// Escaping for the few places that build markup as strings (feeds, sitemap, search snippets);
// JSX escapes itself.
const html: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const xml: Record<string, string> = { ...html, "'": '&apos;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => html[c]!);
}

/** XML text or attribute value, without the characters XML 1.0 cannot carry at all. */
export function escapeXml(s: string): string {
  return s
    .toWellFormed()
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => xml[c]!);
}
