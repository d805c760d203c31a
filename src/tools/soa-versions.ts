// Statement of Applicability versions kept in the admin as templates for the author's
// clients: saved from a workbook (made with the builder and perhaps edited in Excel), listed,
// rebuilt as a workbook to download or to give away as an event's file.
import type { Actor } from '../audit/service.ts';
import { audit } from '../audit/service.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';
import { parseSoaRequest, SoaInputError, type SoaDocument, type SoaEntry } from './soa.ts';
import * as store from './soa-store.ts';

export class SoaVersionError extends Error {}

export interface SoaVersion {
  id: number;
  name: string;
  version: string;
  organisation: string;
  scope: string;
  entries: SoaEntry[];
  createdAt: string;
}

export async function saveSoaVersion(db: Db, name: string, doc: Omit<SoaDocument, 'date'>, actor: Actor): Promise<number> {
  const n = name.trim();
  if (!n) throw new SoaVersionError('テンプレートの名前を入れてください');
  if (n.length > 200) throw new SoaVersionError('テンプレートの名前は200文字までです');
  let checked;
  try {
    checked = parseSoaRequest({
      organisation: doc.organisation || n,
      scope: doc.scope,
      version: doc.version || '1.0',
      controls: doc.entries,
    });
  } catch (e) {
    if (e instanceof SoaInputError) throw new SoaVersionError(e.message);
    throw e;
  }
  return inTransaction(db, async (trx) => {
    const id = await store.insertSoaVersion(trx, {
      name: n,
      version: checked.version ?? '1.0',
      organisation: checked.organisation,
      scope: checked.scope,
      controls: JSON.stringify(checked.controls),
      created_by: actor.userId,
      created_at: new Date().toISOString(),
    });
    await audit(trx, actor, 'soa.save', `${id} ${n}`);
    return id;
  });
}

export async function findSoaVersion(db: Db, id: number): Promise<SoaVersion | undefined> {
  const r = await store.findSoaVersionRow(db.kysely, id);
  if (!r) return undefined;
  return {
    id: Number(r.id),
    name: r.name,
    version: r.version,
    organisation: r.organisation,
    scope: r.scope,
    entries: JSON.parse(r.controls) as SoaEntry[],
    createdAt: r.created_at,
  };
}

export async function listSoaVersions(db: Db): Promise<Array<Omit<SoaVersion, 'entries'>>> {
  return (await store.listSoaVersionRows(db.kysely)).map((r) => ({
    id: Number(r.id),
    name: r.name,
    version: r.version,
    organisation: r.organisation,
    scope: r.scope,
    createdAt: r.created_at,
  }));
}

export async function deleteSoaVersion(db: Db, id: number, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    await store.deleteSoaVersionRow(trx, id);
    await audit(trx, actor, 'soa.delete', String(id));
  });
}
