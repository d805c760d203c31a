// Password rules and hashing: Argon2id with its recommended settings, at least twelve
// characters, nothing from the common-passwords list.
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { commonPasswords } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** Argon2 would happily hash a megabyte; a passphrase needs far less. */
export const MAX_PASSWORD_LENGTH = 256;

const common = new Set(commonPasswords.map((p) => p.toLowerCase()));

/** Why a password is refused, in Japanese, or undefined when it is acceptable. */
export function passwordProblem(password: string, email = ''): string | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください`;
  if (length > MAX_PASSWORD_LENGTH) return `パスワードは${MAX_PASSWORD_LENGTH}文字以内にしてください`;
  const lower = password.toLowerCase();
  if (common.has(lower) || isRepetition(lower)) return 'よく使われていて推測されやすいパスワードです。別のものにしてください';
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'パスワードにメールアドレスを含めないでください';
  return undefined;
}

/** "abcabcabcabc", "aaaaaaaaaaaa", a common password written twice … */
function isRepetition(p: string): boolean {
  for (let size = 1; size <= p.length / 2; size++) {
    if (p.length % size !== 0) continue;
    const unit = p.slice(0, size);
    if (unit.repeat(p.length / size) === p) return true;
  }
  return false;
}

const options = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Hashed once: verifying an unknown account against it costs the same time as a real one,
 * so the answer's timing does not tell whether an email has an account. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword('kawaraban-no-such-account-placeholder'));
}
