// An event's public page with its registration form, and the pages a registrant meets after:
// "mail sent", confirmed, the access page (join URL, video), and messages.
import type { JSX } from 'preact';
import type { Event, EventState, Question } from '../../events/service.ts';
import { EVENT_KINDS, STATE_LABELS } from '../../events/service.ts';
import { formatDateTime } from '../format.ts';
import { eventLd } from '../seo.ts';
import { Layout, Lines, renderDocument, type SiteContext } from '../layout.tsx';

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

function Field({ name, label, value, type = 'text', required = true, autocomplete, hint }: { name: string; label: string; value?: string; type?: string; required?: boolean; autocomplete?: string; hint?: string }): JSX.Element {
  return (
    <p class="form-field">
      <label for={`f-${name}`}>
        {label}
        {required ? <span class="required">（必須）</span> : <span class="optional">（任意）</span>}
      </label>
      <input id={`f-${name}`} name={name} type={type} value={value ?? ''} required={required} autocomplete={autocomplete} maxLength={type === 'email' ? 254 : 200} />
      {hint ? <small>{hint}</small> : null}
    </p>
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

export function RegistrationForm({ e, notice, formToken, values, error }: { e: EventView; notice: string; formToken: string; values: FormValues; error?: string }): JSX.Element {
  const waitlist = e.state === 'waitlist';
  return (
    <form class="registration" method="post" action={`/events/${encodeURIComponent(e.slug)}/register`}>
      <h2>{waitlist ? 'キャンセル待ちの申し込み' : 'お申し込み'}</h2>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <input type="hidden" name="_form" value={formToken} />
      {/* Left empty by people; bots fill every field. Hidden from sight and from screen readers. */}
      <p class="hp" aria-hidden="true">
        <label for="f-website">ウェブサイト（入力しないでください）</label>
        <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
      </p>
      <Field name="name" label="お名前" value={values.name} autocomplete="name" />
      <Field name="company" label="会社名" value={values.company} autocomplete="organization" />
      <Field name="department" label="部署名" value={values.department} />
      <Field name="email" label="メールアドレス" type="email" value={values.email} autocomplete="email" hint="確認のメールをお送りします。" />
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

export function renderEventPage(site: SiteContext, e: EventView, form: { notice: string; formToken: string; values: FormValues; error?: string }): string {
  const open = e.state === 'open' || e.state === 'waitlist';
  return renderDocument(
    <Layout site={site} meta={{ title: e.title, description: e.description.slice(0, 120), path: `/events/${encodeURIComponent(e.slug)}`, jsonLd: [eventLd(site.siteUrl, site.settings.title, e)].filter((x): x is object => x !== undefined) }} withSidebar={false}>
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

/** A short page for a registrant: a heading, sentences, and optionally a link or button. */
export interface EventMessage {
  title: string;
  lines: string[];
  link?: { href: string; label: string };
  /** A button that posts `hidden` to `action` (confirming is a deliberate act, not a GET). */
  button?: { action: string; hidden: Record<string, string>; label: string };
  status?: 'ok' | 'error';
}

/** A button that posts hidden fields (confirming or leaving is a deliberate act, not a GET). */
export function ButtonForm({ action, hidden, label }: { action: string; hidden: Record<string, string>; label: string }): JSX.Element {
  return (
    <form method="post" action={action}>
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <p>
        <button type="submit" class="button-primary">
          {label}
        </button>
      </p>
    </form>
  );
}

export function renderEventMessage(site: SiteContext, m: EventMessage): string {
  return renderDocument(
    <Layout site={site} meta={{ title: m.title, path: '/events', noindex: true }} withSidebar={false}>
      <section class={`event-message ${m.status === 'error' ? 'is-error' : ''}`}>
        <h1>{m.title}</h1>
        {m.lines.filter(Boolean).map((l) => (
          <p>{l}</p>
        ))}
        {m.link ? (
          <p>
            <a class="button-primary" href={m.link.href} rel="noopener noreferrer">
              {m.link.label}
            </a>
          </p>
        ) : null}
        {m.button ? <ButtonForm {...m.button} /> : null}
      </section>
    </Layout>,
  );
}
