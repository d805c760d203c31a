// A person's data request (開示・削除): export or delete everything held about an email.
import type { SessionInfo } from '../../accounts/service.ts';
import { CsrfField, renderAdmin } from './layout.tsx';

type Messages = { notice?: string; error?: string };

export function renderPrivacyRequests(styleUrl: string, session: SessionInfo, messages: Messages = {}, email = ''): string {
  return renderAdmin(
    { title: '個人情報の開示・削除', styleUrl, session, ...messages },
    <>
      <p>
        ご本人からの請求に応じて、メールアドレスに結びつくすべての記録（全イベントの申込、送信待ちのメール、コメント、メール購読と追記を受け取る記事）を書き出すか削除します。実施したことと件数が監査ログに残ります（メールアドレスは残りません）。
      </p>
      <form method="post" action="/admin/privacy/export" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <label for="p-email">メールアドレス</label>
        <input id="p-email" name="email" type="email" required value={email} />
        <button type="submit">書き出す（JSON）</button>
      </form>
      <form method="post" action="/admin/privacy/delete" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <label for="p-email-d">メールアドレス</label>
        <input id="p-email-d" name="email" type="email" required value={email} />
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> 元に戻せないことを確認しました
        </label>
        <button type="submit" class="danger">
          すべて削除する
        </button>
      </form>
    </>,
  );
}
