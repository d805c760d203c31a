// URLs of our static files with a content hash, so they can be cached for a year and still
// change the moment the file does.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');

const urls = new Map<string, string>();

export function assetUrl(file: string): string {
  let url = urls.get(file);
  if (!url) {
    const hash = createHash('sha1')
      .update(readFileSync(path.join(publicDir, file)))
      .digest('hex')
      .slice(0, 10);
    url = `/static/${file}?v=${hash}`;
    urls.set(file, url);
  }
  return url;
}
