// The compliance tools for readers: /tools/breach (the 漏えい等報告 triage) and /tools/soa (the
// Statement of Applicability builder), their JSON APIs, and the workbook download / upload.
// Nothing a reader types is stored or logged; answers to POSTs are never cached. Form bodies
// are parsed in this scope only; the endpoints that build or read a workbook are rate-limited.
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app.ts';
import { assetUrl } from '../render/assets.ts';
import { renderBreachTool } from '../render/pages/breach-tool.tsx';
import { attributeValues, renderSoaTool, type SoaFilter } from '../render/pages/soa-tool.tsx';
import { BreachInputError, parseBreachInput, triage } from '../tools/breach.ts';
import { today } from '../time.ts';
import { controls, themes } from '../tools/soa-controls.ts';
import { parseSoaRequest, SoaInputError, type SoaDocument, type SoaRequest } from '../tools/soa.ts';
import { buildWorkbook, MAX_WORKBOOK_BYTES, readWorkbook, WorkbookError, XLSX_TYPE } from '../tools/soa-workbook.ts';
import { HttpError, badRequest } from './errors.ts';
import { cachedPage } from './page.ts';
import { breachFromForm, soaFromForm } from './tool-forms.ts';
import { z } from 'zod';
import { formFields, text, zodValidator, type ZodProvider } from './validation.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

function sendPrivate(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).header('cache-control', 'private, no-store').type('text/html; charset=utf-8').send(html);
}

function jsonError(reply: FastifyReply, field: string, message: string): FastifyReply {
  return reply.code(400).header('cache-control', 'no-store').type(JSON_TYPE).send({ error: message, status: 400, field });
}

/** A download name with the organisation in it (RFC 6266 filename*), ASCII fallback. */
export function downloadName(organisation: string, date: string): string {
  const safe = organisation.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').slice(0, 60) || 'soa';
  return `attachment; filename="soa-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(`適用宣言書_${safe}_${date}.xlsx`)}`;
}

export function documentOf(request: SoaRequest, date: string): SoaDocument {
  return { organisation: request.organisation, scope: request.scope, version: request.version || '1.0', date, entries: request.controls };
}

/** ?theme= and ?attr= of the SoA builder (anything but one text each is a 400). */
const soaQuery = z.object({ theme: text(100), attr: text(100) });

function filterOf({ theme, attr }: z.output<typeof soaQuery>): SoaFilter {
  if (theme && !themes.some((t) => t.id === theme)) throw badRequest('テーマは 5〜8 のいずれかです。');
  if (attr && !attributeValues.includes(attr)) throw badRequest('その属性はありません。');
  return { theme: theme || undefined, attr: attr || undefined };
}

export function toolRoutes(app: App) {
  const toolStyles = () => [assetUrl('tools.css')];
  const soaScripts = () => [assetUrl('soa.js')];

  async function sendWorkbook(reply: FastifyReply, request: SoaRequest): Promise<FastifyReply> {
    const date = today();
    const xlsx = await buildWorkbook(documentOf(request, date));
    return reply
      .code(200)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', downloadName(request.organisation, date))
      .type(XLSX_TYPE)
      .send(xlsx);
  }

  return async function (plugin: FastifyInstance): Promise<void> {
    plugin.setValidatorCompiler(zodValidator);
    const f = plugin.withTypeProvider<ZodProvider>();
    await f.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
    await f.register(fastifyMultipart, { limits: { fileSize: MAX_WORKBOOK_BYTES, files: 1, fields: 5, parts: 6 } });
    await f.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: () => new HttpError(429, '短い時間にたくさんの送信がありました。しばらく待ってから、もう一度お試しください。'),
    });
    const heavy = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

    // ---- 漏えい等報告 triage
    f.get(
      '/tools/breach',
      cachedPage(app, async () => ({ body: renderBreachTool(await app.siteContext(), { styleUrls: toolStyles() }) })),
    );

    f.post('/tools/breach', { bodyLimit: 16 * 1024, schema: { body: formFields } }, async (req, reply) => {
      const { values, input, error } = breachFromForm(req.body);
      const site = await app.siteContext();
      if (!input) return sendPrivate(reply, renderBreachTool(site, { values, error, styleUrls: toolStyles() }), 400);
      return sendPrivate(reply, renderBreachTool(site, { values, result: triage(input), styleUrls: toolStyles() }));
    });

    f.post('/api/tools/breach', { bodyLimit: 16 * 1024 }, async (req, reply) => {
      try {
        const result = triage(parseBreachInput(req.body));
        return reply.header('cache-control', 'no-store').type(JSON_TYPE).send(result);
      } catch (e) {
        if (e instanceof BreachInputError) return jsonError(reply, e.field, e.message);
        throw e;
      }
    });

    // ---- Statement of Applicability
    f.get('/tools/soa', { schema: { querystring: soaQuery } }, async (req, reply) => {
      const filter = filterOf(req.query);
      const html = renderSoaTool(await app.siteContext(), { filter, styleUrls: toolStyles(), scriptUrls: soaScripts() });
      return reply.header('cache-control', 'public, max-age=0, s-maxage=300').type('text/html; charset=utf-8').send(html);
    });

    f.post('/tools/soa/xlsx', { ...heavy, bodyLimit: 1024 * 1024, schema: { body: formFields } }, async (req, reply) => {
      const { values, request, error } = soaFromForm(req.body);
      if (!request)
        return sendPrivate(
          reply,
          renderSoaTool(await app.siteContext(), { values, error, styleUrls: toolStyles(), scriptUrls: soaScripts() }),
          400,
        );
      return sendWorkbook(reply, request);
    });

    f.post('/tools/soa/import', heavy, async (req, reply) => {
      const site = await app.siteContext();
      const fail = (message: string) =>
        sendPrivate(reply, renderSoaTool(site, { error: message, styleUrls: toolStyles(), scriptUrls: soaScripts() }), 400);
      if (!req.isMultipart()) return fail('ファイルを選んでから「読み込む」を押してください。');
      let buf: Buffer | undefined;
      try {
        const file = await req.file();
        if (!file) return fail('ファイルを選んでから「読み込む」を押してください。');
        buf = await file.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          return fail(`ファイルが大きすぎます（上限 ${MAX_WORKBOOK_BYTES / 1024 / 1024} MB）。`);
        throw e;
      }
      try {
        const doc = await readWorkbook(buf);
        const values = { organisation: doc.organisation, scope: doc.scope, version: doc.version, entries: doc.entries };
        const notice = `「${doc.organisation || '（組織名なし）'}」の適用宣言書を読み込みました（決定済み ${doc.entries.length} / ${controls.length}）。内容を確かめて、必要なら直してからダウンロードしてください。`;
        return sendPrivate(
          reply,
          renderSoaTool(site, { values, notice, imported: true, styleUrls: toolStyles(), scriptUrls: soaScripts() }),
        );
      } catch (e) {
        if (e instanceof WorkbookError) return fail(`${e.message}。`);
        throw e;
      }
    });

    f.get(
      '/api/tools/soa/controls',
      cachedPage(app, async () => ({
        body: JSON.stringify({
          count: controls.length,
          themes,
          controls: controls.map((c) => ({ id: c.id, theme: c.theme, title: c.title, attributes: c.attributes, new_in_2022: c.isNew })),
        }),
        contentType: JSON_TYPE,
        sMaxAge: 3600,
        extraHeaders: { 'access-control-allow-origin': '*' },
      })),
    );

    f.post('/api/tools/soa/xlsx', { ...heavy, bodyLimit: 1024 * 1024 }, async (req, reply) => {
      try {
        return await sendWorkbook(reply, parseSoaRequest(req.body));
      } catch (e) {
        if (e instanceof SoaInputError) return jsonError(reply, e.field, e.message);
        throw e;
      }
    });
  };
}
