// Seminars, webinars, on-demand videos and downloads; the people who register for them; the
// consent texts they agreed to; the mail sent to them. Every personal field of a registration
// and of a queued mail is sealed (AES-256-GCM, privacy/crypto.ts): the columns hold
// ciphertext, and an email is found by its keyed hash.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // seminar | webinar | ondemand | download
    .addColumn('status', 'text', (c) => c.notNull()) // draft | published
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer')
    .addColumn('waitlist', 'integer', (c) => c.notNull())
    .addColumn('opens_at', 'text')
    .addColumn('closes_at', 'text')
    // Given only to confirmed registrants, through their own signed link.
    .addColumn('join_url', 'text', (c) => c.notNull())
    .addColumn('video_url', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_type', 'text')
    .addColumn('questions', 'text', (c) => c.notNull()) // JSON: [{ id, label, required }]
    // The privacy notice shown before consent (APPI art. 21, 27): purpose, provision to
    // others, how long, whom to ask.
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('provided_to', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('access_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('consent_texts')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'integer', primaryId(kind))
    // Random: the associated data of the sealed fields and the subject of tokens (ids are
    // guessable, refs are not).
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | waitlisted
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'integer', (c) => c.notNull().references('consent_texts.id'))
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('attended_at', 'text')
    .addColumn('reminded_at', 'text')
    // Hash of the confirmation link's nonce; emptied when it is used (a replay finds nothing).
    .addColumn('confirm_nonce', 'text')
    .addColumn('access_count', 'integer', (c) => c.notNull())
    .addColumn('last_access_at', 'text')
    .addUniqueConstraint('registrations_event_email', ['event_id', 'email_hash'])
    .execute();
  await db.schema.createIndex('registrations_email_hash').on('registrations').column('email_hash').execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('registration_id', 'integer', (c) => c.references('registrations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull()) // sealed
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // sealed
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();

  // Jobs that must run once a day across all processes (retention).
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', 'text', (c) => c.notNull())
    .execute();
}
