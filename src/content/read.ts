// How pages read content: published posts with their author, categories and tags, in pages.
import type { Db } from '../db/connection.ts';
import type { Block } from './blocks.ts';
import * as authors from './author-store.ts';
import * as posts from './post-store.ts';
import * as taxonomy from './taxonomy-store.ts';

export interface AuthorView {
  slug: string;
  displayName: string;
  profile: string;
  greeting: string;
  signoff: string;
}

export interface TermView {
  slug: string;
  name: string;
}

export interface PostView {
  id: number;
  slug: string;
  title: string;
  status: string;
  publishedAt: string;
  updatedAt: string;
  /** The body's HTML as stored (UTF-8): views splice it in (render/slots.ts); `bodyHtml()`
   * for the few readers that need a string. */
  body: Buffer;
  excerpt: string;
  readingChars: number;
  leadImage: string | null;
  author: AuthorView;
  categories: TermView[];
  tags: TermView[];
  /** Approved comments; filled in by the page that shows it (comments are their own domain). */
  commentCount?: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  totalPages: number;
}

export interface CategoryNode {
  id: number;
  slug: string;
  name: string;
  description: string;
  count: number;
  children: CategoryNode[];
}

/** Keeps a read for the current content version (the app's memo); pages pass it so that
 * what every page needs — counts, the authors, the order of posts — is read once per change.
 * Without one, every call reads. */
export type Remember = <T>(key: string, load: () => Promise<T>) => Promise<T>;
const readNow: Remember = (_key, load) => load();

const unknownAuthor: AuthorView = { slug: '', displayName: '（著者不明）', profile: '', greeting: '', signoff: '' };

export function authorView(row: authors.AuthorRow): AuthorView {
  return { slug: row.slug, displayName: row.display_name, profile: row.profile, greeting: row.greeting, signoff: row.signoff };
}

async function toViews(db: posts.Q, rows: posts.PagePostRow[], remember: Remember = readNow): Promise<PostView[]> {
  const [byAuthor, names] = await Promise.all([remember('authors', () => authors.allAuthors(db)), remember('terms', () => termNames(db))]);
  return rows.map((r) => {
    const a = byAuthor.get(Number(r.author_id));
    return {
      id: Number(r.id),
      slug: r.slug,
      title: r.title,
      status: r.status,
      publishedAt: r.published_at ?? r.created_at,
      updatedAt: r.updated_at,
      body: r.body_html,
      excerpt: r.excerpt,
      readingChars: Number(r.reading_chars),
      leadImage: r.lead_image,
      author: a ? authorView(a) : unknownAuthor,
      categories: named(r.category_ids, names.categories),
      tags: named(r.tag_ids, names.tags),
    };
  });
}

/** A post's body HTML as a string (feeds, the API). */
export function bodyHtml(post: PostView): string {
  return post.body.toString('utf8');
}

interface Term extends TermView {
  position: number;
}

/** Every category and tag by id, read once per content version. */
async function termNames(db: posts.Q): Promise<{ categories: Map<number, Term>; tags: Map<number, Term> }> {
  const [categories, tags] = await Promise.all([taxonomy.allCategories(db), taxonomy.allTags(db)]);
  return {
    categories: new Map(categories.map((c) => [Number(c.id), { slug: c.slug, name: c.name, position: Number(c.position) }])),
    tags: new Map(tags.map((t) => [Number(t.id), { slug: t.slug, name: t.name, position: 0 }])),
  };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const termOrder = (a: Term, b: Term) => a.position - b.position || byCodePoint(a.name, b.name);

/** A post's categories (in their order) or tags (by name), named from the remembered
 * dictionary: the post's row carries only their ids. */
function named(ids: string | null, dictionary: Map<number, Term>): TermView[] {
  if (!ids) return [];
  const list: Term[] = [];
  for (const id of ids.split(',')) {
    const term = dictionary.get(Number(id));
    if (term) list.push(term);
  }
  return list.sort(termOrder).map(({ slug, name }) => ({ slug, name }));
}

export class PageOutOfRange extends Error {}

/** One page of published posts. Page 1 of an empty list exists; later empty pages do not. */
export async function publishedPage(
  db: Db,
  filter: posts.PostFilter,
  page: number,
  perPage: number,
  remember: Remember = readNow,
): Promise<Page<PostView>> {
  const total = await remember(`count ${JSON.stringify(filter)}`, () => posts.countPublished(db.kysely, filter));
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  if (page > totalPages) throw new PageOutOfRange();
  const rows = await posts.listPublished(db.kysely, db.kind, filter, perPage, (page - 1) * perPage);
  return { items: await toViews(db.kysely, rows, remember), page, perPage, total, totalPages };
}

export interface PostWithNeighbours {
  post: PostView;
  older?: { slug: string; title: string };
  newer?: { slug: string; title: string };
}

export async function publishedPost(db: Db, slug: string, remember: Remember = readNow): Promise<PostWithNeighbours | undefined> {
  const row = await posts.findPublishedForPage(db.kysely, db.kind, slug);
  if (!row) return undefined;
  const [[post], order] = await Promise.all([toViews(db.kysely, [row], remember), remember('order', () => publishedOrder(db))]);
  const at = order.positionOf.get(Number(row.id));
  const link = (i: number) => (at === undefined ? undefined : order.links[i]);
  const [newer, older] = at === undefined ? [] : [link(at - 1), link(at + 1)];
  return {
    post: post!,
    older: older ? { slug: older.slug, title: older.title } : undefined,
    newer: newer ? { slug: newer.slug, title: newer.title } : undefined,
  };
}

/** Every published post's link, newest first, and where each stands: previous/next without
 * a query per page. About 150 bytes a post, read once per content version. */
interface PublishedOrder {
  links: Array<{ slug: string; title: string }>;
  positionOf: Map<number, number>;
}

async function publishedOrder(db: Db): Promise<PublishedOrder> {
  const rows = await posts.publishedLinksNewestFirst(db.kysely);
  return { links: rows.map((r) => ({ slug: r.slug, title: r.title })), positionOf: new Map(rows.map((r, i) => [Number(r.id), i])) };
}

export async function categoryTree(db: Db): Promise<CategoryNode[]> {
  const [rows, counts] = await Promise.all([taxonomy.allCategories(db.kysely), taxonomy.categoryCounts(db.kysely)]);
  const nodes = new Map<number, CategoryNode>();
  for (const r of rows) {
    const id = Number(r.id);
    nodes.set(id, { id, slug: r.slug, name: r.name, description: r.description, count: counts.get(id) ?? 0, children: [] });
  }
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = nodes.get(Number(r.id))!;
    const parent = r.parent_id === null ? undefined : nodes.get(Number(r.parent_id));
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The tree as a list in display order, each with its depth (for select boxes and lists). */
export function flattenCategories(nodes: CategoryNode[], depth = 0): Array<CategoryNode & { depth: number }> {
  return nodes.flatMap((n) => [{ ...n, depth }, ...flattenCategories(n.children, depth + 1)]);
}

/** A category and every category below it (a post in a child is in the parent too). */
export function descendantIds(node: CategoryNode): number[] {
  return [node.id, ...node.children.flatMap(descendantIds)];
}

export function findCategory(tree: CategoryNode[], slug: string): { node: CategoryNode; trail: CategoryNode[] } | undefined {
  for (const node of tree) {
    if (node.slug === slug) return { node, trail: [node] };
    const inner = findCategory(node.children, slug);
    if (inner) return { node: inner.node, trail: [node, ...inner.trail] };
  }
  return undefined;
}

export interface Sidebar {
  author?: AuthorView;
  categories: CategoryNode[];
  recent: Array<{ slug: string; title: string }>;
  months: Array<{ month: string; count: number }>;
}

export async function sidebar(db: Db): Promise<Sidebar> {
  const [author, categories, recent, months] = await Promise.all([
    authors.firstAuthor(db.kysely),
    categoryTree(db),
    posts.recentTitles(db.kysely, 5),
    posts.monthCounts(db.kysely),
  ]);
  return { author: author ? authorView(author) : undefined, categories, recent, months };
}

export async function findAuthor(db: Db, slug: string): Promise<(AuthorView & { id: number }) | undefined> {
  const row = await authors.findAuthorBySlug(db.kysely, slug);
  return row ? { ...authorView(row), id: Number(row.id) } : undefined;
}

export async function findTag(db: Db, slug: string): Promise<(TermView & { id: number }) | undefined> {
  const row = await taxonomy.findTagBySlug(db.kysely, slug);
  return row ? { id: Number(row.id), slug: row.slug, name: row.name } : undefined;
}

export async function sitemapEntries(db: Db): Promise<Array<{ slug: string; updated_at: string }>> {
  return posts.allPublishedForSitemap(db.kysely);
}

export async function siteIsEmpty(db: Db, remember: Remember = readNow): Promise<boolean> {
  return (await remember('all posts', () => posts.countAllPosts(db.kysely))) === 0;
}

export async function postExists(db: Db, slug: string): Promise<boolean> {
  return posts.slugTaken(db.kysely, slug);
}

export type { Block };

/** The blocks of published posts as stored, by id: only the API shows them, so pages do not
 * read them. */
export async function blocksOfPosts(db: Db, ids: number[]): Promise<Map<number, Block[]>> {
  const rows = await posts.blocksOf(db.kysely, ids);
  return new Map(rows.map((r) => [Number(r.id), JSON.parse(r.blocks) as Block[]]));
}

// ---------------------------------------------------------------------------------------
// The admin's reads (any status).

export interface EditablePost {
  row: posts.PostRow;
  categories: string[];
  tags: string[];
}

export async function postForEditor(db: Db, id: number): Promise<EditablePost | undefined> {
  const row = await posts.findById(db.kysely, id);
  if (!row) return undefined;
  const terms = await posts.taxonomyOfPosts(db.kysely, [id]);
  return {
    row,
    categories: (terms.categories.get(id) ?? []).map((c) => c.slug),
    tags: (terms.tags.get(id) ?? []).map((t) => t.name),
  };
}

export async function adminPostList(db: Db, filter: posts.AdminFilter, page: number, perPage: number) {
  return posts.listForAdmin(db.kysely, filter, perPage, (page - 1) * perPage);
}

export async function revisionsOf(db: Db, postId: number) {
  return posts.listRevisions(db.kysely, postId);
}

export async function revisionOf(db: Db, postId: number, revision: number) {
  return posts.findRevision(db.kysely, postId, revision);
}

export async function allAuthors(db: Db): Promise<Array<{ id: number; name: string }>> {
  return (await authors.listAuthors(db.kysely)).map((a) => ({ id: Number(a.id), name: a.display_name }));
}

export async function authorById(db: Db, id: number): Promise<AuthorView | undefined> {
  const a = (await authors.authorsByIds(db.kysely, [id])).get(id);
  return a ? authorView(a) : undefined;
}

export async function allTags(db: Db) {
  return taxonomy.allTagsWithCounts(db.kysely);
}

export async function allCategoryRows(db: Db) {
  return taxonomy.allCategories(db.kysely);
}
