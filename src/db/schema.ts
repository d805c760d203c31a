// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings on
// both engines (text columns), so ordering and comparisons mean the same on SQLite and
// PostgreSQL and no driver converts them behind our back.
import type { Generated } from 'kysely';

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  display_name: string;
  profile: string;
  greeting: string;
  signoff: string;
  created_at: string;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  parent_id: number | null;
  position: number;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export type PostStatus = 'draft' | 'scheduled' | 'published';

export interface PostTable {
  id: Generated<number>;
  slug: string;
  title: string;
  status: PostStatus;
  published_at: string | null;
  /** YYYY-MM of published_at in the site's time zone (Asia/Tokyo), for the monthly archive. */
  archive_month: string | null;
  updated_at: string;
  created_at: string;
  author_id: number;
  /** The author's source text (Markdown with block directives). */
  body_markdown: string;
  /** The same body as validated blocks (JSON array). */
  blocks: string;
  /** Rendered at save time so that no request renders Markdown. */
  body_html: string;
  /** Text only (for excerpts, descriptions, reading time and search). */
  plain_text: string;
  excerpt: string;
  reading_chars: number;
  lead_image: string | null;
}

export interface PostCategoryTable {
  post_id: number;
  category_id: number;
}

export interface PostTagTable {
  post_id: number;
  tag_id: number;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** One row: a counter bumped by every change that can alter a rendered page. */
export interface SiteStateTable {
  id: number;
  content_version: number;
  changed_at: string;
}

export interface Database {
  authors: AuthorTable;
  categories: CategoryTable;
  tags: TagTable;
  posts: PostTable;
  post_categories: PostCategoryTable;
  post_tags: PostTagTable;
  settings: SettingTable;
  site_state: SiteStateTable;
}
