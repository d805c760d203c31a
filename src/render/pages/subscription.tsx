// Subscribing by mail: the form with its notice, the subscriber's own preferences page, and
// the messages on the way (mail sent, confirm with a button, done, a bad link). Never cached:
// they carry personal links or an address.
import type { JSX } from 'preact';
import type { SubscriberFrequency } from '../../db/schema.ts';
import type { Preferences } from '../../subscriptions/service.ts';
import { FREQUENCIES } from '../../subscriptions/service.ts';
import { Layout, Lines, renderDocument, type SiteContext } from '../layout.tsx';
import { ButtonForm } from './message.tsx';

export interface SubscribeValues {
  email?: string;
  categories?: string[];
  frequency?: SubscriberFrequency;
  consent?: boolean;
}

export interface SubscribeForm {
  notice: string;
  categories: Array<{ slug: string; name: string }>;
  follow?: { slug: string; title: string };
  values: SubscribeValues;
  error?: string;
}

function CategoryChoice({ all, chosen }: { all: Array<{ slug: string; name: string }>; chosen: string[] }): JSX.Element | null {
  if (!all.length) return null;
  return (
    <fieldset class="form-field">
      <legend>カテゴリー（選ばなければすべて）</legend>
      {all.map((c) => (
        <label class="choice">
          <input type="checkbox" name="categories" value={c.slug} checked={chosen.includes(c.slug)} /> {c.name}
        </label>
      ))}
    </fieldset>
  );
}

function FrequencyChoice({ value, withNone }: { value: SubscriberFrequency; withNone: boolean }): JSX.Element {
  const options = (Object.keys(FREQUENCIES) as SubscriberFrequency[]).filter((f) => withNone || f !== 'none');
  return (
    <fieldset class="form-field">
      <legend>届く頻度</legend>
      {options.map((f) => (
        <label class="choice">
          <input type="radio" name="frequency" value={f} checked={value === f} required /> {FREQUENCIES[f]}
        </label>
      ))}
    </fieldset>
  );
}

export function renderSubscribePage(site: SiteContext, f: SubscribeForm): string {
  const title = f.follow ? 'この記事の追記をメールで受け取る' : 'メールで購読する';
  return renderDocument(
    <Layout site={site} meta={{ title, path: '/subscribe', noindex: true }} withSidebar={false}>
      <section class="subscribe">
        <h1>{title}</h1>
        {f.follow ? (
          <p>「{f.follow.title}」に追記が加わったとき、メールでお知らせします。</p>
        ) : (
          <p>新しい記事を、公開のたびに、または週に一度のまとめでお届けします。</p>
        )}
        <form method="post" action="/subscribe">
          {f.error ? (
            <p class="form-error" role="alert">
              {f.error}
            </p>
          ) : null}
          {f.follow ? <input type="hidden" name="follow" value={f.follow.slug} /> : null}
          <p class="hp" aria-hidden="true">
            <label for="s-website">ウェブサイト（入力しないでください）</label>
            <input id="s-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
          </p>
          <p class="form-field">
            <label for="s-email">
              メールアドレス<span class="required">（必須）</span>
            </label>
            <input id="s-email" name="email" type="email" required maxLength={254} autocomplete="email" value={f.values.email ?? ''} />
            <small>確認のメールをお送りします。メールのリンクから確定するまで、配信は始まりません。</small>
          </p>
          {f.follow ? null : <CategoryChoice all={f.categories} chosen={f.values.categories ?? []} />}
          <FrequencyChoice value={f.values.frequency ?? (f.follow ? 'none' : 'each')} withNone={Boolean(f.follow)} />
          <section class="privacy-notice" aria-labelledby="privacy-heading">
            <h2 id="privacy-heading">個人情報の取り扱い</h2>
            <Lines text={f.notice} />
          </section>
          <p class="form-field consent">
            <label>
              <input type="checkbox" name="consent" value="yes" required checked={f.values.consent} />{' '}
              上記「個人情報の取り扱い」に同意します
            </label>
          </p>
          <p>
            <button type="submit" class="button-primary">
              確認メールを送る
            </button>
          </p>
        </form>
      </section>
    </Layout>,
  );
}

export function renderPreferencesPage(site: SiteContext, p: Preferences, token: string, saved = false, error?: string): string {
  return renderDocument(
    <Layout site={site} meta={{ title: '配信の設定', path: '/subscriptions/preferences', noindex: true }} withSidebar={false}>
      <section class="subscribe">
        <h1>配信の設定</h1>
        <p>{p.email} 宛ての配信です。</p>
        {p.status === 'paused' ? <p class="form-error">配信エラーが続いたため、配信を止めています。設定を保存すると再開します。</p> : null}
        {saved ? (
          <p class="notice" role="status">
            保存しました。
          </p>
        ) : null}
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/subscriptions/preferences">
          <input type="hidden" name="t" value={token} />
          <CategoryChoice all={p.allCategories} chosen={p.categories} />
          <FrequencyChoice value={p.frequency} withNone />
          {p.follows.length ? (
            <fieldset class="form-field">
              <legend>追記を受け取る記事（チェックを入れると受け取りをやめます）</legend>
              {p.follows.map((f) => (
                <label class="choice">
                  <input type="checkbox" name="unfollow" value={String(f.id)} /> {f.title}
                </label>
              ))}
            </fieldset>
          ) : null}
          <p>
            <button type="submit" class="button-primary">
              保存する
            </button>
          </p>
        </form>
        <h2>購読をやめる</h2>
        <p>やめると、メールアドレスを含む記録をすぐに削除します。</p>
        <form method="post" action="/subscriptions/unsubscribe">
          <input type="hidden" name="t" value={token} />
          <p>
            <button type="submit" class="button-secondary">
              購読をやめる
            </button>
          </p>
        </form>
      </section>
    </Layout>,
  );
}

export interface SubscriptionMessage {
  title: string;
  lines: string[];
  button?: { action: string; hidden: Record<string, string>; label: string };
  status?: 'ok' | 'error';
}

export function renderSubscriptionMessage(site: SiteContext, m: SubscriptionMessage): string {
  return renderDocument(
    <Layout site={site} meta={{ title: m.title, path: '/subscribe', noindex: true }} withSidebar={false}>
      <section class={`event-message ${m.status === 'error' ? 'is-error' : ''}`}>
        <h1>{m.title}</h1>
        {m.lines.map((l) => (
          <p>{l}</p>
        ))}
        {m.button ? <ButtonForm {...m.button} /> : null}
        <p>
          <a href="/">トップページへ</a>
        </p>
      </section>
    </Layout>,
  );
}
