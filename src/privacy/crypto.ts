// Sealing personal data field by field (AES-256-GCM), and the keyed hash used to find a
// person by email without storing the email in the clear.
//
// A sealed field is "v1.<key id>.<iv>.<ciphertext+tag>" (base64url): the key id says which
// key opens it, so a rotation can re-seal field by field while the site runs. The field's
// name and row are bound in as associated data, so a sealed value copied into another column
// or row does not open.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { DataKey } from './keys.ts';

export class SealError extends Error {}

export interface Sealer {
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether `sealed` was made with an older key (to be re-sealed by a rotation). */
  isOld(sealed: string): boolean;
  /** HMAC of a normalised email with the current key's lookup key. */
  emailHash(email: string): string;
  /** The same with every known key (finding rows not yet rotated). */
  emailHashes(email: string): string[];
  /** Keys for signing tokens (derived, never the encryption keys themselves): the first
   * signs, any verifies, so links sent before a rotation still work. */
  tokenKeys: Buffer[];
}

function derive(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `kawaraban ${purpose}`, 32));
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createSealer(keys: DataKey[]): Sealer {
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, { enc: derive(k.key, 'field encryption'), lookup: derive(k.key, 'email lookup') }]));
  const hash = (id: string, email: string) => createHmac('sha256', byId.get(id)!.lookup).update(normaliseEmail(email)).digest('base64url');
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', byId.get(current.id)!.enc, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${current.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, id, ivText, bodyText] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (version !== 'v1' || !key || !ivText || !bodyText)
        throw new SealError(
          `cannot open a sealed field (${version === 'v1' && id ? `key "${id}" is not configured` : 'not a sealed value'})`,
        );
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key.enc, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError('a sealed field did not open (altered, or moved from another record)');
      }
    },
    isOld: (sealed) => sealed.split('.')[1] !== current.id,
    emailHash: (email) => hash(current.id, email),
    emailHashes: (email) => keys.map((k) => hash(k.id, email)),
    tokenKeys: keys.map((k) => derive(k.key, 'tokens')),
  };
}
