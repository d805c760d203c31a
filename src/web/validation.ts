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
import { badRequest, HttpError } from './errors.ts';

export interface ZodProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

const partNames: Record<string, string> = {
  params: 'アドレス',
  querystring: 'アドレスのパラメータ',
  body: 'フォームの内容',
  headers: 'ヘッダー',
};

/** The Japanese HttpError for a failed parse of a request's part. */
function errorOf(error: z.ZodError, httpPart: string | undefined): HttpError {
  const issue = error.issues[0];
  // A check of our own (see `checked`) answers with its own status and message.
  const status = (issue as { params?: { status?: unknown } } | undefined)?.params?.status;
  if (status === 400 || status === 404) return new HttpError(status, issue!.message);
  const where = issue?.path.length ? `「${issue.path.join('.')}」` : '';
  // A message written in Japanese by the schema is shown as it is; zod's own are not.
  const own = issue?.message && /[\u3040-\u30ff\u4e00-\u9fff]/.test(issue.message) ? `：${issue.message}` : '';
  return badRequest(`${partNames[httpPart ?? ''] ?? '入力'}${where}が正しくありません${own}。`);
}

/** Fastify's validator compiler for zod schemas (set on the plugins that use them). */
export const zodValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data ?? {});
    return r.success ? { value: r.data } : { error: errorOf(r.error, httpPart) };
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

/** A check of our own (params.ts: pageParam, slugParam …) as a schema: its HttpError becomes
 * an issue that keeps the status and the message, so the answer is the same 400 or 404. */
export const checked = <T>(check: (value: unknown) => T) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      try {
        return check(value);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message, params: { status: err.status } });
        return z.NEVER;
      }
    });

/** The fields of a public form as sent (text, or a list from repeated keys / checkboxes),
 * bounded; the handler's own checks say what is wrong on the re-rendered form. */
export const formFields = z.record(z.string().max(200), z.union([z.string().max(64 * 1024), z.array(z.string().max(64 * 1024)).max(200)]));
export type FormFields = z.output<typeof formFields>;

/** Parses a request's parts by hand, for routes answered from the page cache: there the
 * schemas run on a miss only (in the render), so a cache hit costs nothing more. Bad input
 * is the same HttpError the validator compiler gives. */
export function parsed<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  req: { params: unknown; query: unknown },
  schemas: { params?: P; querystring?: Q },
): { params: P extends z.ZodType ? z.output<P> : undefined; query: Q extends z.ZodType ? z.output<Q> : undefined } {
  const run = (schema: z.ZodType | undefined, data: unknown, httpPart: string) => {
    if (!schema) return undefined;
    const r = schema.safeParse(data ?? {});
    if (!r.success) throw errorOf(r.error, httpPart);
    return r.data;
  };
  return { params: run(schemas.params, req.params, 'params'), query: run(schemas.querystring, req.query, 'querystring') } as ReturnType<
    typeof parsed<P, Q>
  >;
}

/** A signed token from a link (?t=…): text, or undefined when absent or not a single bounded
 * text — the token check then says the link is not valid, as for any wrong token. */
export const linkToken = z.string().max(4096).optional().catch(undefined);
export const tokenQuery = z.object({ t: linkToken });
