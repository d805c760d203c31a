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

export type PostStatus = 'draft' | 'pending' | 'scheduled' | 'published';

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
  /** Which renderer wrote body_html (content/body-html.tsx BODY_HTML_VERSION). */
  body_version: Generated<number>;
  /** Text only (for excerpts, descriptions, reading time and search). */
  plain_text: string;
  excerpt: string;
  reading_chars: number;
  lead_image: string | null;
  /** Bumped by every save; an edit based on an older revision is refused, not merged. */
  revision: Generated<number>;
  /** Set when the post is in the trash. */
  deleted_at: string | null;
  /** The user who created the post (authors may edit only their own). */
  created_by: number | null;
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

export type Role = 'owner' | 'editor' | 'author';

export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  author_id: number | null;
  disabled: number;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  second_factor_done: number;
  csrf_token: string;
  ip: string;
  user_agent: string;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  actor: string;
  action: string;
  target: string;
  ip: string;
  detail: string;
}

export interface PostRevisionTable {
  id: Generated<number>;
  post_id: number;
  revision: number;
  saved_at: string;
  user_id: number | null;
  title: string;
  body_markdown: string;
}

export interface MediaTable {
  id: Generated<number>;
  stem: string;
  original_name: string;
  original_path: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  /** JSON array of the widths served (ascending). */
  widths: string;
  alt: string;
  sha256: string;
  user_id: number | null;
  created_at: string;
}

export interface SearchDocumentTable {
  post_id: number;
  /** Normalised (search/normalize.ts). */
  title: string;
  published_at: string;
  year: string;
  fts_key: number | null;
  /** PostgreSQL: the keys of the character index (db/search-grams.ts, migration 018). */
  grams?: number[] | null;
  /** PostgreSQL: the keys of the title alone (migration 019), for the titled list. */
  title_grams?: number[] | null;
  /** PostgreSQL: the title's letters and digits alone (migration 020). */
  title_letters?: string | null;
}

export interface SearchBodyTable {
  post_id: number;
  /** Normalised text, categories and tags. */
  body: string;
  /** PostgreSQL: the text's letters and digits alone (migration 020). */
  body_letters?: string | null;
}

export interface SearchSynonymTable {
  id: Generated<number>;
  /** One group: comma-separated words that mean the same. */
  terms: string;
}

export interface CommentTable {
  id: Generated<number>;
  post_id: number;
  author_name: string;
  author_email: string | null;
  author_ip: string | null;
  author_url: string | null;
  body: string;
  created_at: string;
  source_key: string;
  status: Generated<CommentStatus>;
  /** A reply's comment (one level). */
  parent_id: number | null;
  /** 1: written by the post's author in the admin (shown with 投稿者). */
  by_author: Generated<number>;
  /** Random: the subject of the withdraw link and the associated data of the sealed email. */
  ref: string | null;
  sealed_email: string | null;
  email_hash: string | null;
  /** 1: the commenter asked to be told of a reply. */
  notify_reply: Generated<number>;
  /** Keyed hash of the address it came from; cleared after 30 days. */
  ip_hash: string | null;
  body_hash: string | null;
  /** The notice shown under the form (consent_texts). */
  consent_id: number | null;
  moderated_at: string | null;
  /** The body as HTML (escaped, URLs linked); null until made (rows from before, imports). */
  body_html: string | null;
}

export type CommentStatus = 'held' | 'approved' | 'spam';

export interface CommentThreadTable {
  post_id: number;
  mode: 'open' | 'closed';
}

export interface RedirectTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  created_at: string;
}

/** A damaged line an import kept as it was, for the author to check (要確認). */
export interface ImportReviewTable {
  id: Generated<number>;
  post_id: number;
  file: string;
  entry: number;
  line: number;
  text: string;
  guess: string;
  created_at: string;
  resolved_at: string | null;
}

export interface ImportedEntryTable {
  source: string;
  source_key: string;
  post_id: number;
  content_hash: string;
}

export type EventKind = 'seminar' | 'webinar' | 'ondemand' | 'download';

export interface EventTable {
  id: Generated<number>;
  slug: string;
  kind: EventKind;
  status: 'draft' | 'published';
  title: string;
  description: string;
  starts_at: string | null;
  ends_at: string | null;
  place: string;
  capacity: number | null;
  waitlist: number;
  opens_at: string | null;
  closes_at: string | null;
  join_url: string;
  video_url: string;
  file_path: string | null;
  file_name: string | null;
  file_type: string | null;
  questions: string;
  purpose: string;
  provided_to: string;
  retention_days: number;
  contact: string;
  access_days: number;
  created_at: string;
  updated_at: string;
}

export interface ConsentTextTable {
  id: Generated<number>;
  hash: string;
  text: string;
  created_at: string;
}

export type RegistrationStatus = 'pending' | 'confirmed' | 'waitlisted';

/** email, name, company, department, phone and answers are sealed (privacy/crypto.ts). */
export interface RegistrationTable {
  id: Generated<number>;
  ref: string;
  event_id: number;
  status: RegistrationStatus;
  email_hash: string;
  email: string;
  name: string;
  company: string;
  department: string;
  phone: string;
  answers: string;
  consent_id: number;
  consented_at: string;
  created_at: string;
  confirmed_at: string | null;
  attended_at: string | null;
  reminded_at: string | null;
  confirm_nonce: string | null;
  access_count: number;
  last_access_at: string | null;
}

export interface MailOutboxTable {
  id: Generated<number>;
  ref: string;
  registration_id: number | null;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string;
  created_at: string;
  sent_at: string | null;
  /** Sealed HTML part ('' for text-only mail). */
  html: Generated<string>;
  /** Sealed JSON of extra headers ('' for none). */
  headers: Generated<string>;
  /** The sender's display name ('' for the address alone). */
  from_name: Generated<string>;
  subscriber_id: number | null;
  post_id: number | null;
  /** Unique when set: one mail per subscriber and post (or digest week). */
  dedupe_key: string | null;
  /** The comment whose commenter this mail goes to (a reply notice). */
  comment_id: number | null;
}

export type SubscriberStatus = 'pending' | 'confirmed' | 'paused';
export type SubscriberFrequency = 'each' | 'weekly' | 'none';

export interface SubscriberTable {
  id: Generated<number>;
  ref: string;
  email_hash: string;
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  categories: string;
  consent_id: number;
  consented_at: string;
  created_at: string;
  confirmed_at: string | null;
  confirm_nonce: string | null;
  failures: number;
}

export interface SubscriberFollowTable {
  subscriber_id: number;
  post_id: number;
  created_at: string;
}

export interface PostMailingTable {
  post_id: number;
  mail_off: number;
  queued_at: string | null;
  queued: number;
}

export interface MailRateTable {
  second: string;
  used: number;
}

export interface JobRunTable {
  name: string;
  last_run_at: string;
}

/** A breach triage saved as an incident (migration 014-tools). title, notes and triage are sealed. */
export interface IncidentTable {
  id: Generated<number>;
  ref: string;
  title: string;
  notes: string;
  triage: string;
  learned_on: string;
  reportable: number;
  preliminary_due: string | null;
  final_due: string | null;
  notify_required: number;
  preliminary_done_on: string | null;
  final_done_on: string | null;
  notified_on: string | null;
  closed: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A Statement of Applicability kept as a client template (migration 014-tools). */
export interface SoaVersionTable {
  id: Generated<number>;
  name: string;
  version: string;
  organisation: string;
  scope: string;
  controls: string;
  created_by: number | null;
  created_at: string;
}

export interface Database {
  incidents: IncidentTable;
  soa_versions: SoaVersionTable;
  events: EventTable;
  consent_texts: ConsentTextTable;
  registrations: RegistrationTable;
  mail_outbox: MailOutboxTable;
  subscribers: SubscriberTable;
  subscriber_follows: SubscriberFollowTable;
  post_mailings: PostMailingTable;
  mail_rate: MailRateTable;
  job_runs: JobRunTable;
  comments: CommentTable;
  comment_threads: CommentThreadTable;
  redirects: RedirectTable;
  imported_entries: ImportedEntryTable;
  import_review: ImportReviewTable;
  search_documents: SearchDocumentTable;
  search_bodies: SearchBodyTable;
  search_synonyms: SearchSynonymTable;
  media: MediaTable;
  users: UserTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_log: AuditLogTable;
  post_revisions: PostRevisionTable;
  authors: AuthorTable;
  categories: CategoryTable;
  tags: TagTable;
  posts: PostTable;
  post_categories: PostCategoryTable;
  post_tags: PostTagTable;
  settings: SettingTable;
  site_state: SiteStateTable;
}
