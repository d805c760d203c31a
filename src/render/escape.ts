// HTML escaping for the few places that build HTML as strings (feeds); JSX escapes itself.
const map: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => map[c]!);
}
