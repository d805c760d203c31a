// Subscribing by mail, for readers: the form, the confirmation link (a page with a button,
// so that a mail scanner opening the link confirms nothing), the subscriber's own preferences
// page, and leaving — also the one-click POST of a mail program (RFC 8058), which carries no
// cookie and needs none: the signed token in the URL is the whole authority.
//
// Form bodies are parsed in this scope only; subscribing is rate-limited per address.
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app.ts';
import type { SubscriberFrequency } from '../db/schema.ts';
import {
  renderPreferencesPage,
  renderSubscribePage,
  renderSubscriptionMessage,
  type SubscribeValues,
  type SubscriptionMessage,
} from '../render/pages/subscription.tsx';
import {
  checkConfirmToken,
  confirmSubscription,
  preferences,
  readSubscriptionSettings,
  subscribe,
  subscriptionNotice,
  SubscriptionError,
  unsubscribe,
  updatePreferences,
} from '../subscriptions/service.ts';
import { z } from 'zod';
import { HttpError } from './errors.ts';
import { stringQuery } from './params.ts';
import { formFields, tokenQuery, zodValidator, type ZodProvider } from './validation.ts';

const subscribeQuery = z.object({ email: stringQuery, follow: stringQuery });
/** The subscriber's links (preferences, leaving): the first ?t= when repeated. */
const subscriberQuery = z.object({ t: stringQuery });

const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

function sendPrivate(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

export function subscriptionRoutes(app: App) {
  const ctx = () => ({ db: app.db, sealer: app.sealer, siteUrl: app.config.siteUrl, mailFrom: app.config.mailFrom });

  async function message(reply: FastifyReply, m: SubscriptionMessage, status = 200) {
    return sendPrivate(reply, renderSubscriptionMessage(await app.siteContext(), m), status);
  }

  async function form(reply: FastifyReply, values: SubscribeValues, followSlug: string, error?: string, status = 200) {
    const site = await app.siteContext();
    const settings = await readSubscriptionSettings(app.db.kysely);
    if (!settings.enabled) return message(reply, { title: 'メール購読', lines: ['現在、メール購読の受付を停止しています。'] }, 410);
    const follow = followSlug
      ? await app.db.kysely
          .selectFrom('posts')
          .select(['slug', 'title'])
          .where('slug', '=', followSlug)
          .where('status', '=', 'published')
          .executeTakeFirst()
      : undefined;
    const categories = await app.db.kysely.selectFrom('categories').select(['slug', 'name']).orderBy('position').orderBy('name').execute();
    return sendPrivate(
      reply,
      renderSubscribePage(site, { notice: subscriptionNotice(site.settings.title, settings), categories, follow, values, error }),
      status,
    );
  }

  return async function (plugin: FastifyInstance): Promise<void> {
    plugin.setValidatorCompiler(zodValidator);
    const f = plugin.withTypeProvider<ZodProvider>();
    await f.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    // RFC 8058 lets a mail program send its one-click POST as multipart/form-data; its only
    // field says "List-Unsubscribe=One-Click" and the token is in the URL, so it is read and
    // dropped (bounded).
    f.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_req, _body, done) => done(null, {}));
    await f.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: () => new HttpError(429, '短い時間にたくさんの送信がありました。しばらく待ってから、もう一度お試しください。'),
    });

    f.get('/subscribe', { schema: { querystring: subscribeQuery } }, async (req, reply) => {
      const q = req.query;
      return form(reply, { email: (q.email ?? '').slice(0, 254) }, (q.follow ?? '').slice(0, 200));
    });

    f.post(
      '/subscribe',
      { config: { rateLimit: { max: 10, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        const body = req.body;
        const frequency = text(body.frequency);
        const values: SubscribeValues = {
          email: text(body.email),
          categories: list(body.categories),
          frequency: (['each', 'weekly', 'none'].includes(frequency) ? frequency : undefined) as SubscriberFrequency | undefined,
          consent: body.consent === 'yes',
        };
        const follow = text(body.follow);
        // Bots fill the hidden field: they get the form again, and nothing is stored.
        if (text(body.website))
          return form(reply, values, follow, '送信を受け付けられませんでした。お手数ですが、もう一度送信してください。', 400);
        try {
          await subscribe(ctx(), {
            email: values.email ?? '',
            categories: values.categories,
            frequency: values.frequency,
            consent: values.consent === true,
            follow: follow || undefined,
          });
        } catch (err) {
          if (err instanceof SubscriptionError) return form(reply, values, follow, err.message, err.status === 404 ? 404 : 400);
          throw err;
        }
        app.nudgeMail();
        // The same answer for a new and for a repeated subscription (see subscribe()).
        return message(reply, {
          title: '確認メールをお送りしました',
          lines: [
            'ご入力のメールアドレスに確認のメールをお送りしました。メールのリンクを開き、表示されるボタンを押すと配信が始まります（48時間有効）。',
            'メールが届かない場合は、迷惑メールのフォルダもご確認ください。',
          ],
        });
      },
    );

    f.get('/subscriptions/confirm', { schema: { querystring: tokenQuery } }, async (req, reply) => {
      const token = req.query.t;
      try {
        checkConfirmToken(app.sealer, token);
      } catch (err) {
        if (err instanceof SubscriptionError)
          return message(reply, { title: 'リンクが使えません', lines: [err.message], status: 'error' }, err.status);
        throw err;
      }
      return message(reply, {
        title: 'メール購読の確定',
        lines: ['下のボタンを押すと、確定します。'],
        button: { action: '/subscriptions/confirm', hidden: { t: String(token) }, label: '購読を確定する' },
      });
    });

    f.post(
      '/subscriptions/confirm',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        try {
          const r = await confirmSubscription(ctx(), req.body.t);
          return message(reply, {
            title: '購読が確定しました',
            lines: [
              r.followed
                ? 'この記事に追記が加わったら、メールでお知らせします。'
                : 'ありがとうございます。次の記事からメールでお届けします。',
              'どのメールにも、配信の設定と停止のリンクがあります。',
            ],
          });
        } catch (err) {
          if (err instanceof SubscriptionError)
            return message(reply, { title: '購読を確定できません', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
      },
    );

    f.get('/subscriptions/preferences', { schema: { querystring: subscriberQuery } }, async (req, reply) => {
      const token = req.query.t ?? '';
      try {
        return sendPrivate(reply, renderPreferencesPage(await app.siteContext(), await preferences(ctx(), token), token));
      } catch (err) {
        if (err instanceof SubscriptionError)
          return message(reply, { title: 'リンクが使えません', lines: [err.message], status: 'error' }, err.status);
        throw err;
      }
    });

    f.post(
      '/subscriptions/preferences',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields } },
      async (req, reply) => {
        const body = req.body;
        const token = text(body.t);
        try {
          await updatePreferences(ctx(), token, {
            frequency: text(body.frequency) as SubscriberFrequency,
            categories: list(body.categories),
            unfollow: list(body.unfollow),
          });
          return sendPrivate(reply, renderPreferencesPage(await app.siteContext(), await preferences(ctx(), token), token, true));
        } catch (err) {
          if (err instanceof SubscriptionError)
            return message(reply, { title: '保存できませんでした', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
      },
    );

    // Opening the link shows a button (a scanner that fetches links must not unsubscribe).
    f.get('/subscriptions/unsubscribe', { schema: { querystring: subscriberQuery } }, async (req, reply) => {
      const token = req.query.t ?? '';
      return message(reply, {
        title: '購読をやめる',
        lines: ['下のボタンを押すと配信が止まり、メールアドレスを含む記録をすぐに削除します。'],
        button: { action: '/subscriptions/unsubscribe', hidden: { t: token }, label: '購読をやめる' },
      });
    });

    // The page's button (token in the body) and the mail program's one-click POST (token in
    // the URL, body "List-Unsubscribe=One-Click"): no cookie, no session.
    f.post(
      '/subscriptions/unsubscribe',
      { config: { rateLimit: { max: 30, timeWindow: '10 minutes' } }, schema: { body: formFields, querystring: subscriberQuery } },
      async (req, reply) => {
        const token = text(req.body.t) || (req.query.t ?? '');
        try {
          await unsubscribe(ctx(), token);
        } catch (err) {
          if (err instanceof SubscriptionError)
            return message(reply, { title: '購読をやめられませんでした', lines: [err.message], status: 'error' }, err.status);
          throw err;
        }
        return message(reply, {
          title: '購読をやめました',
          lines: ['配信を止め、メールアドレスを含む記録を削除しました。ご購読ありがとうございました。'],
        });
      },
    );
  };
}
