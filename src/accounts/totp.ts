// Time-based one-time passwords (RFC 6238) through otplib, with replay protection: a code
// is accepted once, and never a code from a time step at or before the last accepted one.
import { createHash, randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string, issuer: string): string {
  return generateURI({ issuer, label: email, secret });
}

/** The enrolment QR code as an SVG drawn on the server (no script, no third party). */
export async function totpQrSvg(uri: string): Promise<string> {
  const { default: QRCode } = await import('qrcode'); // loaded at enrolment, not at every start
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The time step of an accepted code, or undefined. One step of clock drift either way. */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  try {
    const result = await verify({ secret, token, epochTolerance: 30, ...(lastStep !== null ? { afterTimeStep: lastStep } : {}) });
    if (!result.valid) return undefined;
    // The functional API's result type is shared with HOTP; TOTP results carry the step.
    return (result as { timeStep?: number }).timeStep;
  } catch {
    return undefined;
  }
}

/** For tests and for the CLI's own checks. */
export function currentTotp(secret: string, epoch?: number): Promise<string> {
  return generate({ secret, ...(epoch !== undefined ? { epoch } : {}) });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes, shown once; only their hashes are stored. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes carry ~50 random bits, so a plain SHA-256 is enough (no slow hash). */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    )
    .digest('hex');
}
