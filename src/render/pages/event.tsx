// An event's public page with its registration form, and the pages a registrant meets after:
// "mail sent", confirmed, the access page (join URL, video), and messages.
import type { JSX } from 'preact';
import type { Event, Question } from '../../events/event.ts';
import type { EventState } from '../../events/state.ts';
import { EVENT_KINDS, STATE_LABELS } from '../event-labels.ts';
import { formatDateTime } from '../../time.ts';
import { eventLd } from '../seo.ts';
import { Layout, Lines, renderDocument, type SiteContext } from '../layout.tsx';
import { BotFields, Field } from '../form.tsx';

export interface EventView extends Event {
  state: EventState;
}

export interface FormValues {
  name?: string;
  company?: string;
  department?: string;
  email?: string;
  phone?: string;
  answers?: Record<string, string>;
  consent?: boolean;
}

function Facts({ e }: { e: EventView }): JSX.Element {
  return (
    <dl class="event-facts">
      <dt>種類</dt>
      <dd>{EVENT_KINDS[e.kind]}</dd>
      {e.starts_at ? (
        <>
          <dt>日時</dt>
          <dd>
            {formatDateTime(e.starts_at)}
            {e.ends_at ? ` 〜 ${formatDateTime(e.ends_at)}` : ''}
          </dd>
        </>
      ) : null}
      {e.kind === 'seminar' && e.place ? (
        <>
          <dt>会場</dt>
          <dd>{e.place}</dd>
        </>
      ) : null}
      {e.capacity !== null ? (
        <>
          <dt>定員</dt>
          <dd>{e.capacity}名</dd>
        </>
      ) : null}
      {e.closes_at ? (
        <>
          <dt>受付終了</dt>
          <dd>{formatDateTime(e.closes_at)}</dd>
        </>
      ) : null}
      <dt>受付状況</dt>
      <dd>
        <span class={`event-state event-state-${e.state}`}>{STATE_LABELS[e.state]}</span>
      </dd>
    </dl>
  );
}

function QuestionField({ q, value }: { q: Question; value?: string }): JSX.Element {
  return (
    <p class="form-field">
      <label for={`f-${q.id}`}>
        {q.label}
        {q.required ? <span class="required">（必須）</span> : <span class="optional">（任意）</span>}
      </label>
      <textarea id={`f-${q.id}`} name={`answer_${q.id}`} rows={2} maxLength={2000} required={q.required}>
        {value ?? ''}
      </textarea>
    </p>
  );
}

export function RegistrationForm({
  e,
  notice,
  formToken,
  values,
  error,
}: {
  e: EventView;
  notice: string;
  formToken: string;
  values: FormValues;
  error?: string;
}): JSX.Element {
  const waitlist = e.state === 'waitlist';
  return (
    <form class="registration" method="post" action={`/events/${encodeURIComponent(e.slug)}/register`}>
      <h2>{waitlist ? 'キャンセル待ちの申し込み' : 'お申し込み'}</h2>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <BotFields formToken={formToken} />
      <Field name="name" label="お名前" value={values.name} autocomplete="name" />
      <Field name="company" label="会社名" value={values.company} autocomplete="organization" />
      <Field name="department" label="部署名" value={values.department} />
      <Field
        name="email"
        label="メールアドレス"
        type="email"
        value={values.email}
        autocomplete="email"
        hint="確認のメールをお送りします。"
      />
      <Field name="phone" label="電話番号" type="tel" value={values.phone} required={false} autocomplete="tel" />
      {e.questions.map((q) => (
        <QuestionField q={q} value={values.answers?.[q.id]} />
      ))}
      <section class="privacy-notice" aria-labelledby="privacy-heading">
        <h3 id="privacy-heading">個人情報の取り扱い</h3>
        <Lines text={notice} />
      </section>
      <p class="form-field consent">
        <label>
          <input type="checkbox" name="consent" value="yes" required checked={values.consent} /> 上記「個人情報の取り扱い」に同意します
        </label>
      </p>
      <p>
        <button type="submit" class="button-primary">
          {waitlist ? 'キャンセル待ちに登録する' : '申し込む'}
        </button>
      </p>
    </form>
  );
}

const CLOSED_TEXT: Partial<Record<EventState, string>> = {
  before: 'まだ受付を始めていません。',
  full: '満席のため、受付を終了しました。',
  closed: '受付は終了しました。',
  ended: 'このイベントは終了しました。',
};

export function renderEventPage(
  site: SiteContext,
  e: EventView,
  form: { notice: string; formToken: string; values: FormValues; error?: string },
): string {
  const open = e.state === 'open' || e.state === 'waitlist';
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: e.title,
        description: e.description.slice(0, 120),
        path: `/events/${encodeURIComponent(e.slug)}`,
        jsonLd: [eventLd(site.siteUrl, site.settings.title, e)].filter((x): x is object => x !== undefined),
      }}
      withSidebar={false}
    >
      <article class="event">
        <h1>{e.title}</h1>
        <Facts e={e} />
        {e.description ? <Lines text={e.description} class="event-description" /> : null}
        {open ? <RegistrationForm e={e} {...form} /> : <p class="event-closed">{CLOSED_TEXT[e.state]}</p>}
      </article>
    </Layout>,
  );
}

export function renderEventList(site: SiteContext, events: EventView[]): string {
  return renderDocument(
    <Layout site={site} meta={{ title: 'セミナー・資料', path: '/events' }}>
      <h1>セミナー・ウェビナー・資料</h1>
      {events.length ? (
        <ul class="event-list">
          {events.map((e) => (
            <li>
              <a href={`/events/${encodeURIComponent(e.slug)}`}>{e.title}</a>
              <span class="event-kind">{EVENT_KINDS[e.kind]}</span>
              {e.starts_at ? <span class="event-date">{formatDateTime(e.starts_at)}</span> : null}
              <span class={`event-state event-state-${e.state}`}>{STATE_LABELS[e.state]}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>いまご案内しているものはありません。</p>
      )}
    </Layout>,
  );
}
