// The keys that protect personal data at rest. Several may be known at once: the first is
// current (new data is sealed with it), the others only open data sealed before a rotation.
//
// From KAWARABAN_DATA_KEYS ("id:base64,id:base64"), or else from a key file in the data
// directory, made with a fresh random key the first time it is needed, readable only by its
// owner. Losing the keys loses the personal data they protect: back the file up apart from
// the database.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';

export interface DataKey {
  id: string;
  key: Buffer;
}

export class KeyError extends Error {}

export function parseKeys(text: string): DataKey[] {
  const keys = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [id, b64] = part.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || key.length !== 32)
        throw new KeyError(`a data key must be id:base64 of 32 bytes (${id ?? '?'} is not)`);
      return { id, key };
    });
  if (!keys.length) throw new KeyError('no data key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new KeyError('two data keys have the same id');
  return keys;
}

export function newKeyLine(id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function keyFile(config: Config): string {
  return path.join(config.dataDir, 'secrets', 'data-keys');
}

/** The configured keys, current first. */
export function loadKeys(config: Config): DataKey[] {
  if (config.dataKeys) return parseKeys(config.dataKeys);
  const file = keyFile(config);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written aside, then linked into place: two processes starting at once (serve
    // --workers) never both write a key, and neither reads a half-written file.
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, `${newKeyLine()}\n`, { mode: 0o600 });
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(aside);
    }
    chmodSync(file, 0o600);
  }
  return parseKeys(readFileSync(file, 'utf8'));
}

/** Puts a new current key in front of the key file (rotation, step 1). */
export function addKeyToFile(config: Config): DataKey {
  if (config.dataKeys)
    throw new KeyError(
      'keys come from KAWARABAN_DATA_KEYS: put a new key first in that variable (npx kawaraban keys new prints one), restart, then run keys rotate',
    );
  const existing = existsSync(keyFile(config)) ? readFileSync(keyFile(config), 'utf8').trim() : '';
  const line = newKeyLine(`k${Date.now().toString(36)}`);
  // Renamed into place: a process starting meanwhile reads the old list or the new, whole.
  const aside = `${keyFile(config)}.${process.pid}.new`;
  writeFileSync(aside, `${[line, existing].filter(Boolean).join('\n')}\n`, { mode: 0o600 });
  renameSync(aside, keyFile(config));
  return parseKeys(line)[0]!;
}
