// Events for readers: the list, an event's page and form, registration, the confirmation
// link (a button press, so that a mail scanner opening the link confirms nothing), and the
// registrant's own link to the join URL, the video or the file.
//
// The form and the pages after it carry personal data or one-time tokens: they are never
// cached. Form bodies are parsed in this scope only; registration is rate-limited per address.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app.ts';
import { access, cancel, confirm, register, type RegistrationInput } from '../events/registration.ts';
import { EventError, findEvent, listEvents } from '../events/event.ts';
import { privacyNotice } from '../events/notice.ts';
import { verifyToken } from '../privacy/tokens.ts';
import { checkForm, issueFormToken, registerRateLimit, sendPrivate } from './form-guard.ts';
import { renderEventList, renderEventPage, type FormValues } from '../render/pages/event.tsx';
import { renderMessage, unusableLinkPage } from '../render/pages/message.tsx';
import { notFound } from './errors.ts';
import { formatDateTime } from '../time.ts';
import { cachedPage } from './page.ts';
import { slugParams } from './params.ts';
import { formFields, tokenQuery, zodValidator, type FormFields, type ZodProvider } from './validation.ts';

const FORM_VALID_MS = 2 * 3600_000;

function text(body: FormFields, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

function formValues(body: FormFields, questionIds: string[]): Required<FormValues> {
  return {
    name: text(body, 'name'),
    company: text(body, 'company'),
    department: text(body, 'department'),
    email: text(body, 'email'),
    phone: text(body, 'phone'),
    answers: Object.fromEntries(questionIds.map((id) => [id, text(body, `answer_${id}`)])),
    consent: body.consent === 'yes',
  };
}

export function eventRoutes(app: App) {
  const formToken = (eventId: number) => issueFormToken(app.sealer.tokenKeys, String(eventId), FORM_VALID_MS);
  const mailContext = async () => ({
    db: app.db,
    sealer: app.sealer,
    siteUrl: app.config.siteUrl,
    siteTitle: (await app.siteContext()).settings.title,
  });

  async function showEvent(reply: FastifyReply, slug: string, values: FormValues = {}, error?: string, status = 200) {
    const [site, e] = await Promise.all([app.siteContext(), findEvent(app.db, slug)]);
    if (!e) throw notFound();
    return sendPrivate(
      reply,
      renderEventPage(site, e, { notice: privacyNotice(e, site.settings.title), formToken: formToken(e.id), values, error }),
      status,
    );
  }

  async function message(reply: FastifyReply, m: Parameters<typeof renderMessage>[1], status = 200) {
    return sendPrivate(reply, renderMessage(await app.siteContext(), m, '/events'), status);
  }

  return async function (plugin: FastifyInstance): Promise<void> {
    plugin.setValidatorCompiler(zodValidator);
    const f = plugin.withTypeProvider<ZodProvider>();
    await f.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await registerRateLimit(f, app.sealer.tokenKeys);

    f.get(
      '/events',
      cachedPage(app, async () => ({ body: renderEventList(await app.siteContext(), await listEvents(app.db, true)) })),
    );

    f.get('/events/:slug', { schema: { params: slugParams } }, async (req, reply) => showEvent(reply, req.params.slug));

    f.post(
      '/events/:slug/register',
      { config: { rateLimit: { max: 10, timeWindow: '10 minutes' } }, schema: { params: slugParams, body: formFields } },
      async (req, reply) => {
        const slug = req.params.slug;
        const body = req.body;
        const e = await findEvent(app.db, slug);
        if (!e) throw notFound();
        const values = formValues(
          body,
          e.questions.map((q) => q.id),
        );
        // Bots: the hidden field filled in, no valid form token, or a form sent too fast.
        const check = checkForm(app.sealer.tokenKeys, body, String(e.id));
        if (!check.ok) return showEvent(reply, slug, values, check.message, 400);
        const input: RegistrationInput = { ...values, answers: values.answers ?? {}, consent: values.consent === true };
        try {
          await register(await mailContext(), slug, input);
        } catch (err) {
          if (err instanceof EventError) return showEvent(reply, slug, values, err.message, err.status === 404 ? 404 : 400);
          throw err;
        }
        app.nudgeMail();
        // The same answer for a new and for a repeated registration (see register()).
        return message(reply, {
          title: '確認メールをお送りしました',
          lines: [
            `「${e.title}」へのお申し込みを受け付けました。`,
            'ご入力のメールアドレスに確認のメールをお送りしました。メールのリンクを開いて、お申し込みを確定してください（48時間有効）。',
            'メールが届かない場合は、迷惑メールのフォルダもご確認ください。',
          ],
        });
      },
    );

    f.get('/events/confirm', { schema: { querystring: tokenQuery } }, async (req, reply) => {
      const token = req.query.t;
      const check = verifyToken(app.sealer.tokenKeys, token, 'confirm');
      if (!check.ok) {
        const refused = unusableLinkPage(check.reason, {
          expired: 'このリンクの有効期限が切れています。お手数ですが、もう一度お申し込みください。',
          invalid: 'このリンクは正しくありません。メールに書かれたリンクをそのまま開いてください。',
        });
        return message(reply, refused.page, refused.status);
      }
      return message(reply, {
        title: 'お申し込みの確定',
        lines: ['下のボタンを押すと、お申し込みが確定します。'],
        button: { action: '/events/confirm', hidden: { t: String(token) }, label: 'お申し込みを確定する' },
      });
    });

    f.post(
      '/events/confirm',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        try {
          const r = await confirm(await mailContext(), req.body.t);
          app.nudgeMail();
          const link = r.accessToken ? `/events/access?t=${encodeURIComponent(r.accessToken)}` : undefined;
          if (r.status === 'waitlisted')
            return message(reply, {
              title: 'キャンセル待ちとして承りました',
              lines: [`「${r.event.title}」は満席のため、キャンセル待ちとして登録しました。お席が空きましたらメールでお知らせします。`],
            });
          const next: Record<typeof r.event.kind, { line: string; label?: string }> = {
            seminar: { line: '当日は会場へお越しください。ご案内をメールでお送りしました。' },
            webinar: { line: '参加用のリンクをメールでお送りしました。当日はそのリンクからご参加ください。', label: '参加用ページを開く' },
            ondemand: { line: '下のボタンから動画をご覧いただけます。同じリンクをメールでもお送りしました。', label: '動画を見る' },
            download: {
              line: '下のボタンから資料をダウンロードできます。同じリンクをメールでもお送りしました。',
              label: '資料をダウンロードする',
            },
          };
          const n = next[r.event.kind];
          return message(reply, {
            title: 'お申し込みが確定しました',
            lines: [`「${r.event.title}」へのお申し込みが確定しました。`, n.line],
            link: link && n.label ? { href: link, label: n.label } : undefined,
          });
        } catch (err) {
          if (err instanceof EventError)
            return message(reply, { title: 'お申し込みを確定できません', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
      },
    );

    f.get('/events/access', { schema: { querystring: tokenQuery } }, async (req, reply) => {
      let opened;
      try {
        opened = await access({ db: app.db, sealer: app.sealer }, req.query.t);
      } catch (err) {
        if (err instanceof EventError)
          return message(reply, { title: 'リンクが使えません', lines: [err.message], status: 'error' }, err.status);
        throw err;
      }
      const { event } = opened;
      if (event.kind === 'download') return sendFile(app, reply, event);
      if (event.kind === 'ondemand')
        return message(reply, {
          title: event.title,
          lines: ['お申し込みありがとうございます。下のボタンから動画をご覧ください。'],
          link: { href: event.video_url, label: '動画を見る' },
        });
      const when = event.starts_at ? `日時: ${formatDateTime(event.starts_at)}` : '';
      const cancelButton = { action: '/events/cancel', hidden: { t: String(req.query.t) }, label: '参加を取り消す' };
      if (event.kind === 'webinar')
        return message(reply, {
          title: event.title,
          lines: [
            when,
            '開始時刻になりましたら、下のボタンから参加してください。ご都合が悪くなった場合は、いちばん下のボタンで取り消せます。',
          ],
          link: { href: event.join_url, label: 'ウェビナーに参加する' },
          button: cancelButton,
        });
      return message(reply, {
        title: event.title,
        lines: [when, `会場: ${event.place}`, 'お申し込みは確定しています。ご都合が悪くなった場合は、下のボタンで取り消せます。'],
        button: cancelButton,
      });
    });

    f.post(
      '/events/cancel',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        try {
          const r = await cancel(await mailContext(), req.body.t);
          app.nudgeMail();
          return message(reply, {
            title: 'お申し込みを取り消しました',
            lines: [`「${r.event.title}」へのお申し込みを取り消し、お預かりした情報を削除しました。`],
          });
        } catch (err) {
          if (err instanceof EventError)
            return message(reply, { title: '取り消せません', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
      },
    );
  };
}

/** The event's file, as a download with its Japanese name kept (RFC 6266 filename*). */
function sendFile(app: App, reply: FastifyReply, event: { file_path: string | null; file_name: string | null; file_type: string | null }) {
  const full = event.file_path ? path.join(app.config.dataDir, event.file_path) : '';
  if (!full || !existsSync(full)) throw notFound('ファイルが見つかりません。お手数ですが、サイトの管理者にお知らせください。');
  const name = event.file_name ?? 'download';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('cache-control', 'private, no-store')
    .header('content-type', event.file_type ?? 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(createReadStream(full));
}
