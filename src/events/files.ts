// The files given after registration (an Excel template, a PDF): kept in the data directory
// outside every public folder, under a random name; only an access link reaches them.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventError, type EventFile } from './event.ts';

const TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.doc': 'application/msword',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const EVENT_FILE_TYPES = Object.keys(TYPES);

/** Stores an uploaded file; the type comes from the extension we allow, not from the browser. */
export function saveEventFile(dataDir: string, originalName: string, bytes: Buffer): EventFile {
  const name = path.basename(originalName).normalize('NFC').slice(0, 200);
  const ext = path.extname(name).toLowerCase();
  const type = TYPES[ext];
  if (!type) throw new EventError(`この種類のファイルは配布できません（${EVENT_FILE_TYPES.join(' ')} が使えます）`);
  if (!bytes.length) throw new EventError('ファイルが空です');
  const relative = path.join('event-files', `${randomBytes(12).toString('hex')}${ext}`);
  mkdirSync(path.join(dataDir, 'event-files'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, relative), bytes, { mode: 0o600 });
  return { path: relative, name, type };
}
