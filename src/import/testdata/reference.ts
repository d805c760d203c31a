// The reference site's front page (../shared/reference/seed-frontpage.txt, outside this
// repository) turned into a Livedoor-style Movable Type file, for the reference test and the
// import benchmark. Its text is read from there, never copied here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const seedFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'reference', 'seed-frontpage.txt');

const GREETING = '皆さんこんにちは。';
/** Pictures the crawl saved as their file names. */
const IMAGE_FILE = /^[\w.-]+\.(jpe?g|png|gif)$|^\d{4}-\d{2}-\d{2}_\d{2}h\d{2}_\d{2}$/i;
const CREDIT = /^[（(]\s*(画像|画面).*より[)）]$/;
/** Buttons the crawl saved as their labels. */
const BUTTON = /(参加する|視聴する|申し込む|ダウンロードする)$/;

export interface SeedPost {
  title: string;
  /** The entry's text lines, as the author wrote them (pictures are not text). */
  lines: string[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The seed as posts: a post's title is the line above its greeting, past picture names,
 * credit lines and buttons; its body runs to the next post's title. Written as the old blog's
 * editor did: a <br /> per line, buttons as centred bold links, pictures as <img>. */
export function seedAsMt(text: string): { mt: string; posts: SeedPost[] } {
  const lines = text.split('\n');
  const greetings = lines.flatMap((l, i) => (l.trim() === GREETING ? [i] : []));
  const titleAt = (g: number) => {
    let i = g - 1;
    while (i > 0 && (!lines[i]!.trim() || IMAGE_FILE.test(lines[i]!.trim()) || CREDIT.test(lines[i]!.trim()) || BUTTON.test(lines[i]!.trim()) || lines[i]!.trim().startsWith('※'))) i--;
    return i;
  };
  const posts: SeedPost[] = [];
  const entries = greetings.map((g, k) => {
    const t = titleAt(g);
    const end = k + 1 < greetings.length ? titleAt(greetings[k + 1]!) : lines.findIndex((l) => l.includes('このページのトップ'));
    const source = lines.slice(t + 1, end);
    while (source.length && !source[0]!.trim()) source.shift();
    const body = source.flatMap((l, i, all) => {
      const s = l.trim();
      if (IMAGE_FILE.test(s)) return [`<img src="https://img.example.jp/${s}.jpg" alt="${s}" />`];
      if (BUTTON.test(s) && s.length < 60) return [`<div style="text-align: center;"><a href="https://privacy.example.jp/seminar/${k}" target="_blank"><strong>${escapeHtml(s)}</strong></a></div>`];
      // The crawl kept the credit lines but lost the pictures above them: put one back.
      if (CREDIT.test(s) && !IMAGE_FILE.test(all[i - 1]?.trim() ?? '')) return [`<img src="https://img.example.jp/post-${k}.jpg" alt="" />`, escapeHtml(l)];
      return [escapeHtml(l)];
    });
    const title = lines[t]!.trim();
    posts.push({ title, lines: source.map((l) => l.trim()).filter((l) => l && !IMAGE_FILE.test(l)) });
    const date = `06/${String(28 - k * 2).padStart(2, '0')}/2023 09:00:00 AM`;
    return `AUTHOR: プライバシーザムライ\nTITLE: ${title}\nBASENAME: ${String(1000 + k)}\nSTATUS: Publish\nCONVERT BREAKS: 0\nDATE: ${date}\n-----\nBODY:\n${body.join('<br />\n')}\n-----\n--------\n`;
  });
  return { mt: entries.join(''), posts };
}

