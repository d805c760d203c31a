// `kawaraban user create|list|reset-2fa`.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { cliActor } from '../audit/service.ts';
import { createUser, listUsers, resetSecondFactor } from '../accounts/service.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import type { Role } from '../db/schema.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new ConfigError('No terminal to ask for the password on: use --password-stdin');
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export interface UserCreateOptions {
  email: string;
  role: string;
  name?: string;
  passwordStdin?: boolean;
}

export async function userCreateCommand(config: Config, o: UserCreateOptions): Promise<void> {
  if (!['owner', 'editor', 'author'].includes(o.role)) throw new ConfigError(`--role must be owner, editor or author (not ${o.role})`);
  let password: string;
  if (o.passwordStdin) {
    password = await readStdin();
  } else {
    password = await askHidden('Password (12 characters or more): ');
    const again = await askHidden('Password again: ');
    if (again !== password) throw new ConfigError('The two passwords differ; nothing was created');
  }
  const db = await openConfiguredDatabase(config);
  try {
    const id = await createUser(
      db,
      { email: o.email, displayName: o.name ?? o.email.split('@')[0]!, role: o.role as Role, password },
      cliActor,
    );
    console.log(`Created user #${id} ${o.email.trim().toLowerCase()} (${o.role}).`);
    if (o.role === 'owner') console.log('Owners must set up two-factor sign-in: they are asked to at their first sign-in at /admin/.');
  } finally {
    await db.close();
  }
}

export async function userListCommand(config: Config): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    const users = await listUsers(db);
    if (!users.length) console.log('No users yet. Create the first with: kawaraban user create --email you@example.jp --role owner');
    for (const u of users) console.log(`#${u.id}\t${u.email}\t${u.role}\t2FA ${u.totp_enabled ? 'on' : 'off'}\t${u.display_name}`);
  } finally {
    await db.close();
  }
}

/** For a lost authenticator device: the operator (who has the server) turns 2FA off for
 * one user and ends their sessions; they sign in with the password and enrol again. */
export async function userResetTwoFactorCommand(config: Config, email: string): Promise<void> {
  const db = await openConfiguredDatabase(config);
  try {
    await resetSecondFactor(db, email, cliActor);
    console.log(`Two-factor sign-in reset for ${email}: they sign in with the password and enrol a new device.`);
  } finally {
    await db.close();
  }
}
