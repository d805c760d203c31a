// The editor's preview: the post as the public page shows it, through the same components
// (PostFull, the block renderer). Errors in the source come back as a Japanese message.
import { render } from 'preact-render-to-string';
import type { AuthorView, PostView } from '../content/read.ts';
import { parseMarkdown } from '../content/markdown.ts';
import { htmlToText, renderBlocksToHtml } from '../content/body-html.tsx';
import { PostFull } from './components.tsx';
import { countReadingCharacters } from '../content/reading-time.ts';
import type { DateStyle } from '../time.ts';

export interface PreviewInput {
  title: string;
  markdown: string;
  author: AuthorView;
  dateStyle: DateStyle;
}

export function renderPreview(input: PreviewInput): { html?: string; error?: string } {
  if (!input.title.trim() && !input.markdown.trim()) return { html: '' };
  let bodyHtml: string;
  try {
    bodyHtml = renderBlocksToHtml(parseMarkdown(input.markdown));
  } catch (err) {
    return { error: (err as Error).message };
  }
  const now = new Date().toISOString();
  const post: PostView = {
    id: 0,
    slug: 'preview',
    title: input.title || '（タイトルなし）',
    status: 'draft',
    publishedAt: now,
    updatedAt: now,
    body: Buffer.from(bodyHtml, 'utf8'),
    excerpt: '',
    readingChars: countReadingCharacters(htmlToText(bodyHtml)),
    leadImage: null,
    author: input.author,
    categories: [],
    tags: [],
  };
  return { html: render(<PostFull post={post} dateStyle={input.dateStyle} headingLevel={2} />) };
}
