// Requests typed at the edge: zod schemas in a route's `schema` (params, querystring, body)
// are run by Fastify before the handler, and the handler sees the parsed, typed values.
// Bad input is a Japanese 400 (HttpError) before any handler code runs.
//
//   const r = f.withTypeProvider<ZodProvider>();
//   r.get('/x/:id', { schema: { params: idParams, querystring: z.object({ done: optionalText(20) }) } }, …)
//
// A few lines of our own rather than fastify-type-provider-zod, which wants @fastify/swagger.
import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { badRequest } from './errors.ts';

export interface ZodProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const partNames: Record<string, string> = { params: 'アドレス', querystring: 'アドレスのパラメータ', body: 'フォームの内容', headers: 'ヘッダー' };

/** Fastify's validator compiler for zod schemas (set on the plugins that use them). */
export const zodValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data ?? {});
    if (r.success) return { value: r.data };
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `「${issue.path.join('.')}」` : '';
    // A message written in Japanese by the schema is shown as it is; zod's own are not.
    const own = issue?.message && /[\u3040-\u30ff\u4e00-\u9fff]/.test(issue.message) ? `：${issue.message}` : '';
    return { error: badRequest(`${partNames[httpPart ?? ''] ?? '入力'}${where}が正しくありません${own}。`) };
  };

/** A numeric id in the path (1 … 2^31−1); anything else is a 400. */
export const id = z
  .string()
  .regex(/^\d{1,10}$/, '番号が正しくありません')
  .transform(Number)
  .refine((n) => n >= 1 && n < 2 ** 31, '番号が正しくありません');

export const idParams = z.object({ id });

/** A single text field of a form or query, at most `max` characters; absent → ''. */
export const text = (max: number) => z.string().max(max, `${max}文字以内にしてください`).default('');

/** An optional text field (undefined when absent). */
export const optionalText = (max: number) => z.string().max(max, `${max}文字以内にしてください`).optional();

/** A field that may be repeated (checkboxes): always a list. */
export const textList = (max: number, count = 200) =>
  z
    .union([z.string().max(max), z.array(z.string().max(max)).max(count)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** `?done=…` notices after a redirect. */
export const doneQuery = z.object({ done: optionalText(40) });
