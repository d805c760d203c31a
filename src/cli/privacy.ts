// `kawaraban privacy export|delete EMAIL` (a person's request, APPI arts. 33–35) and
// `kawaraban keys new|rotate` (the keys that seal personal data).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliActor } from '../audit/service.ts';
import { ConfigError, type Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { createSealer } from '../privacy/crypto.ts';
import { sealTotpSecrets } from '../accounts/service.ts';
import { addKeyToFile, KeyError, loadKeys, newKeyLine } from '../privacy/keys.ts';
import { deletePersonData, exportPersonData, resealAll } from '../privacy/service.ts';
import { progressBar } from './progress.ts';

function checkEmail(email: string): string {
  if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new ConfigError(`"${email}" is not an email address`);
  return email.trim();
}

/** The sealer of the configured keys; a clear message when they are missing. */
export function sealerOf(config: Config) {
  try {
    return createSealer(loadKeys(config));
  } catch (err) {
    if (err instanceof KeyError) throw new ConfigError(err.message);
    throw err;
  }
}

export async function privacyExportCommand(config: Config, email: string, out?: string): Promise<void> {
  const address = checkEmail(email);
  const file = out ? path.resolve(out) : undefined;
  if (file && existsSync(file)) throw new ConfigError(`${file} exists already; choose another --out`);
  const db = await openConfiguredDatabase(config);
  try {
    const data = await exportPersonData(db, sealerOf(config), address, cliActor);
    const json = JSON.stringify(data, null, 2);
    if (file) {
      writeFileSync(file, json, { mode: 0o600 });
      console.error(
        `Wrote ${data.registrations.length} registrations, ${data.comments.length} comments and ${data.subscription ? 1 : 0} mail subscriptions to ${file} (personal data: hand it to the person, then delete it).`,
      );
    } else process.stdout.write(`${json}\n`);
  } finally {
    await db.close();
  }
}

export async function privacyDeleteCommand(config: Config, email: string, o: { yes?: boolean }): Promise<void> {
  const address = checkEmail(email);
  if (!o.yes) throw new ConfigError('this deletes every record about the address and cannot be undone; run again with --yes');
  const db = await openConfiguredDatabase(config);
  try {
    const d = await deletePersonData(db, sealerOf(config), address, cliActor);
    console.log(
      `Deleted ${d.registrations} registrations (with their queued mail), ${d.comments} comments and ${d.subscriptions} mail subscriptions (with followed posts).`,
    );
  } finally {
    await db.close();
  }
}

export function keysNewCommand(): void {
  console.log(newKeyLine());
}

export async function keysRotateCommand(config: Config): Promise<void> {
  let added: string | undefined;
  if (!config.dataKeys) added = addKeyToFile(config).id;
  const sealer = sealerOf(config);
  const db = await openConfiguredDatabase(config);
  const bar = progressBar('Re-sealing');
  try {
    const n = (await resealAll(db, sealer, (done) => bar.update(done, done))) + (await sealTotpSecrets(db, sealer));
    bar.stop();
    console.log(
      [
        added ? `A new key "${added}" was put first in the key file.` : 'The first key of KAWARABAN_DATA_KEYS is the current one.',
        `${n} records re-sealed with it and their email hashes recomputed.`,
        'Restart the server so every process seals with the new key; once this command reports 0, older keys may be removed.',
      ].join('\n'),
    );
  } finally {
    bar.stop();
    await db.close();
  }
}
