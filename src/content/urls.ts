// A post's public address, for feeds, the API, search results and structured data.

export function postUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/posts/${encodeURIComponent(slug)}`;
}
