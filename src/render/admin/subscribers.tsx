// The admin's 購読者 page: counts by state, per-post mailing counts, the settings, and the
// list of addresses (decrypted; opening it is audited) with remove and a CSV.
import type { SessionInfo } from '../../accounts/service.ts';
import type { SubscriberStatus } from '../../db/schema.ts';
import { FREQUENCIES, STATUS_LABELS, type Subscriber, type SubscriptionSettings } from '../../subscriptions/service.ts';
import { formatDateTime } from '../../time.ts';
import { CsrfField, PostButton, renderAdmin, TableHead, TableScroll } from './layout.tsx';

const DAYS = ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'];

export interface SubscribersView {
  counts: Record<SubscriberStatus, number>;
  mailings: Array<{ id: number; slug: string; title: string; pending: number; sent: number; failed: number }>;
  settings: SubscriptionSettings;
  /** Only when the author asked to see the addresses (audited). */
  people?: Subscriber[];
  notice?: string;
  error?: string;
}

export function renderSubscribers(styleUrl: string, session: SessionInfo, v: SubscribersView): string {
  const s = v.settings;
  return renderAdmin(
    { title: '購読者', styleUrl, session, notice: v.notice, error: v.error },
    <>
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">状態ごとの人数</h2>
        <ul>
          {(Object.keys(STATUS_LABELS) as SubscriberStatus[]).map((k) => (
            <li>
              {STATUS_LABELS[k]}: {v.counts[k]}人
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="mailings-heading">
        <h2 id="mailings-heading">記事ごとの配信</h2>
        {v.mailings.length ? (
          <TableScroll label="記事ごとの配信の表">
            <table class="admin-table">
              <TableHead columns={['記事', '送信待ち', '送信済み', '失敗']} />
              <tbody>
                {v.mailings.map((m) => (
                  <tr>
                    <td>
                      <a href={`/posts/${encodeURIComponent(m.slug)}`}>{m.title}</a>
                    </td>
                    <td>{m.pending}</td>
                    <td>{m.sent}</td>
                    <td>{m.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>まだ配信した記事はありません。</p>
        )}
      </section>
      <section aria-labelledby="settings-heading">
        <h2 id="settings-heading">設定</h2>
        <form method="post" action="/admin/subscribers/settings" class="admin-form">
          <CsrfField token={session.csrfToken} />
          <p>
            <label>
              <input type="checkbox" name="enabled" value="yes" checked={s.enabled} /> メール購読を受け付けて配信する
            </label>
          </p>
          <p>
            <label for="digest-day">まとめ（週1回）の曜日</label>
            <select id="digest-day" name="digestDay">
              {DAYS.map((d, i) => (
                <option value={String(i)} selected={i === s.digestDay}>
                  {d}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="digest-hour">まとめの時刻（日本時間）</label>
            <select id="digest-hour" name="digestHour">
              {Array.from({ length: 24 }, (_, h) => (
                <option value={String(h)} selected={h === s.digestHour}>
                  {h}時
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="sender-name">差出人名（空ならサイト名）</label>
            <input id="sender-name" name="senderName" value={s.senderName} maxLength={100} />
          </p>
          <p>
            <label for="contact">個人情報の窓口（購読フォームの説明に表示）</label>
            <input id="contact" name="contact" value={s.contact} maxLength={500} />
          </p>
          <p>
            <button type="submit">設定を保存する</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">購読者の一覧</h2>
        <p class="admin-warning">個人情報です。一覧を開いたこと、CSVを書き出したこと、削除したことは監査ログに記録されます。</p>
        <p>
          <a href="/admin/subscribers?list=1">一覧を表示する</a> ・ <a href="/admin/subscribers.csv">CSV（Excel用）を書き出す</a>
        </p>
        {v.people ? (
          <TableScroll label="購読者の表">
            <table class="admin-table">
              <TableHead columns={['登録日時', '状態', 'メールアドレス', '頻度', 'カテゴリー', '同意（版・日時）', '配信エラー']} actions />
              <tbody>
                {v.people.map((p) => (
                  <tr>
                    <td>{formatDateTime(p.createdAt)}</td>
                    <td>{STATUS_LABELS[p.status]}</td>
                    <td>{p.email}</td>
                    <td>{FREQUENCIES[p.frequency]}</td>
                    <td>{p.categories.join('、') || 'すべて'}</td>
                    <td>
                      第{p.consentId}版 {formatDateTime(p.consentedAt)}
                    </td>
                    <td>{p.failures}</td>
                    <td>
                      <PostButton action={`/admin/subscribers/${p.id}/delete`} token={session.csrfToken} label="削除" danger />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>
    </>,
  );
}
