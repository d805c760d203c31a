// Uploaded images. The type is decided by the bytes (sharp reads them), never by the file
// name. The original is kept under the data directory and never served; the site serves
// WebP copies at a few widths, made without any metadata (EXIF, GPS, XMP are dropped), so a
// photo taken on a phone does not publish where it was taken.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata } from 'sharp';
import { audit, type Actor } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import type { Role } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { formatBytes } from './sizes.ts';
import * as store from './store.ts';
import { mediaUrl, widthsFor } from './urls.ts';

export class MediaError extends Error {}

/** What an upload may be, by content. */
const accepted = new Map<string, string>([
  ['jpeg', 'jpg'],
  ['png', 'png'],
  ['webp', 'webp'],
  ['gif', 'gif'],
  ['heif', 'avif'],
]);

const MAX_PIXELS = 60_000_000;

export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

/** Public files live under media/public (served at /media/), originals under media/originals. */
export function publicMediaDir(dataDir: string): string {
  return path.join(mediaDir(dataDir), 'public');
}

export interface UploadInput {
  fileName: string;
  bytes: Buffer;
  alt?: string;
}

export interface MediaView {
  id: number;
  stem: string;
  src: string;
  width: number;
  height: number;
  alt: string;
  originalName: string;
  bytes: number;
  srcset: string;
  createdAt: string;
  snippet: string;
}

export function toMediaView(row: store.MediaRow): MediaView {
  const widths = JSON.parse(row.widths) as number[];
  const largest = widths[widths.length - 1]!;
  const height = Math.round((Number(row.height) * largest) / Number(row.width));
  const src = mediaUrl(row.stem, largest);
  return {
    id: Number(row.id),
    stem: row.stem,
    src,
    width: largest,
    height,
    alt: row.alt,
    originalName: row.original_name,
    bytes: Number(row.bytes),
    srcset: widths.map((w) => `${mediaUrl(row.stem, w)} ${w}w`).join(', '),
    createdAt: row.created_at,
    snippet: `::image{src="${src}" alt="${row.alt.replace(/"/g, '\\"')}" width=${largest} height=${height}}`,
  };
}

function safeName(name: string): string {
  return [...name.normalize('NFKC').replace(/[\u0000-\u001f/\\]/g, '_')].slice(0, 200).join('') || 'image';
}

/** Saves an upload: checks it is an image we take, keeps the original, writes the WebP copies. */
export async function saveUpload(db: Db, dataDir: string, input: UploadInput, maxBytes: number, actor: Actor): Promise<MediaView> {
  if (input.bytes.length === 0) throw new MediaError('ファイルが空です');
  if (input.bytes.length > maxBytes) throw new MediaError(`ファイルが大きすぎます（上限 ${formatBytes(maxBytes)}）`);
  // sharp (libvips) is loaded at the first upload, not at every start (20 MB, a third of a second).
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(input.bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new MediaError('画像として読めないファイルです。JPEG・PNG・WebP・GIF・AVIF の画像を選んでください');
  }
  const ext = meta.format ? accepted.get(meta.format) : undefined;
  if (!ext || (meta.format === 'heif' && meta.compression !== 'av1')) {
    throw new MediaError('この形式の画像は使えません。JPEG・PNG・WebP・GIF・AVIF の画像を選んでください');
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const existing = await store.findMediaBySha(db.kysely, sha256);
  if (existing) return toMediaView(existing);

  const now = new Date();
  const stem = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomBytes(6).toString('hex')}`;
  const originalPath = path.join(mediaDir(dataDir), 'originals', `${stem}.${ext}`);
  const publicBase = path.join(publicMediaDir(dataDir), stem);
  const animated = (meta.pages ?? 1) > 1;
  // EXIF orientation is applied to the pixels before the metadata is dropped.
  const oriented = sharp(input.bytes, { animated, limitInputPixels: MAX_PIXELS }).autoOrient();
  const width = meta.autoOrient.width;
  const pageHeight = animated && meta.pageHeight ? meta.pageHeight : meta.autoOrient.height;
  const widths = widthsFor(width);
  const written: string[] = [];
  try {
    await mkdir(path.dirname(originalPath), { recursive: true });
    await mkdir(path.dirname(publicBase), { recursive: true });
    await writeFile(originalPath, input.bytes, { flag: 'wx' });
    written.push(originalPath);
    for (const w of widths) {
      const file = `${publicBase}-${w}.webp`;
      // sharp writes no metadata unless asked (withMetadata), so EXIF/GPS/XMP are gone here.
      await oriented.clone().resize({ width: w, withoutEnlargement: true }).webp({ quality: 82 }).toFile(file);
      written.push(file);
    }
    const id = await store.insertMedia(db.kysely, {
      stem,
      original_name: safeName(input.fileName),
      original_path: path.relative(dataDir, originalPath),
      format: meta.format!,
      width,
      height: pageHeight,
      bytes: input.bytes.length,
      widths: JSON.stringify(widths),
      alt: (input.alt ?? '').trim().slice(0, 500),
      sha256,
      user_id: actor.userId,
      created_at: now.toISOString(),
    });
    await audit(db.kysely, actor, 'media.upload', `${id} ${stem}`, `${meta.format} ${width}x${pageHeight}`);
    return toMediaView((await store.findMedia(db.kysely, id))!);
  } catch (err) {
    // Nothing half-written: remove whatever files this upload made.
    await Promise.all(written.map((f) => rm(f, { force: true })));
    throw err;
  }
}

export async function listMedia(db: Db, page: number, perPage = 60): Promise<MediaView[]> {
  return (await store.listMedia(db.kysely, perPage, (page - 1) * perPage)).map(toMediaView);
}

/** Who is changing an image: authors change only their own uploads, editors and owners any. */
export interface MediaEditor {
  userId: number;
  role: Role;
}

async function changeable(db: Db, id: number, by: MediaEditor): Promise<store.MediaRow> {
  const row = await store.findMedia(db.kysely, id);
  if (!row) throw new MediaError('画像が見つかりません');
  if (by.role === 'author' && Number(row.user_id) !== by.userId) throw new MediaError('自分がアップロードした画像だけを変更・削除できます');
  return row;
}

/** Changes an image's alt text (audited, with the old and new text's length). */
export async function setAlt(db: Db, id: number, alt: string, actor: Actor, by: MediaEditor): Promise<void> {
  const row = await changeable(db, id, by);
  const text = alt.trim().slice(0, 500);
  await inTransaction(db, async (trx) => {
    await store.updateMediaAlt(trx, id, text);
    await audit(trx, actor, 'media.alt', `${id} ${row.stem}`, `${row.alt.length} → ${text.length}文字`);
  });
}

/** Deletes an image no post uses: its row, its served copies and its original. */
export async function deleteUnused(db: Db, dataDir: string, id: number, actor: Actor, by: MediaEditor): Promise<void> {
  const row = await changeable(db, id, by);
  if (await store.mediaInUse(db.kysely, row.stem)) throw new MediaError('この画像は記事で使われているため削除できません');
  await store.deleteMediaRow(db.kysely, id);
  const widths = JSON.parse(row.widths) as number[];
  await Promise.all([
    rm(path.join(dataDir, row.original_path), { force: true }),
    ...widths.map((w) => rm(`${path.join(publicMediaDir(dataDir), row.stem)}-${w}.webp`, { force: true })),
  ]);
  await audit(db.kysely, actor, 'media.delete', `${id} ${row.stem}`);
}
