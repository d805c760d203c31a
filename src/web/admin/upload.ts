// Reading a multipart upload, part by part, after the guard has checked the session and the
// CSRF token (from the query: routes declared with `upload: true`). Nothing is buffered
// before that; the file is read with a limit one byte above the configured size, so "too
// large" is told, not silently truncated.
import type { FastifyRequest } from 'fastify';

export interface Upload {
  fields: Record<string, string>;
  file?: { fileName: string; bytes: Buffer };
}

export class UploadTooLarge extends Error {}

export async function readUpload(req: FastifyRequest, maxBytes: number, maxFields: number): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: Upload['file'];
  if (!req.isMultipart()) return { fields };
  for await (const part of req.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: maxFields, fieldSize: 100_000 } })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch {
      throw new UploadTooLarge();
    }
    if (part.filename && bytes.length > 0) file = { fileName: part.filename, bytes };
  }
  return { fields, file };
}
