// Sign-in, first-time setup, the second factor, and TOTP enrolment.
import type { SessionInfo } from '../../accounts/service.ts';
import { MIN_PASSWORD_LENGTH } from '../../accounts/passwords.ts';
import { CsrfField, renderAdmin } from './layout.tsx';

function FormToken({ token }: { token: string }) {
  return <input type="hidden" name="_form" value={token} />;
}

export function renderSetup(styleUrl: string, formToken: string, values: { email?: string; displayName?: string }, error?: string): string {
  return renderAdmin(
    { title: '初期設定：オーナーの作成', styleUrl, error },
    <form method="post" action="/admin/setup" class="admin-form">
      <FormToken token={formToken} />
      <p>このサイトの最初のアカウント（オーナー）を作ります。オーナーは二段階認証の設定が必須です。</p>
      <label for="email">メールアドレス</label>
      <input id="email" name="email" type="email" required autoComplete="username" value={values.email ?? ''} maxLength={254} />
      <label for="displayName">表示名（記事の著者名）</label>
      <input id="displayName" name="displayName" required value={values.displayName ?? ''} maxLength={100} />
      <label for="password">パスワード（{MIN_PASSWORD_LENGTH}文字以上）</label>
      <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
      <button type="submit">オーナーを作成する</button>
    </form>,
  );
}

/** `withCode`: after too many tries the account is locked for strangers; its owner still
 * gets in with the password and a code of the authenticator app. */
export function renderLogin(styleUrl: string, formToken: string, email: string, error?: string, withCode = false): string {
  return renderAdmin(
    { title: 'ログイン', styleUrl, error },
    <form method="post" action="/admin/login" class="admin-form">
      <FormToken token={formToken} />
      <label for="email">メールアドレス</label>
      <input id="email" name="email" type="email" required autoComplete="username" value={email} maxLength={254} />
      <label for="password">パスワード</label>
      <input id="password" name="password" type="password" required autoComplete="current-password" />
      {withCode ? (
        <>
          <label for="code">認証アプリの6桁のコード（ロック中でも、ご本人はパスワードとコードでログインできます）</label>
          <input id="code" name="code" autoComplete="one-time-code" inputMode="numeric" pattern="[0-9 ]{6,7}" maxLength={7} />
        </>
      ) : null}
      <button type="submit">ログイン</button>
    </form>,
  );
}

export function renderSecondFactor(styleUrl: string, session: SessionInfo, error?: string): string {
  return renderAdmin(
    { title: '二段階認証', styleUrl, session, error },
    <form method="post" action="/admin/login/2fa" class="admin-form">
      <CsrfField token={session.csrfToken} />
      <label for="code">認証アプリの6桁のコード、または回復コード</label>
      <input id="code" name="code" required autoComplete="one-time-code" inputMode="text" maxLength={40} />
      <button type="submit">確認する</button>
      <p class="hint">
        端末をなくした場合は、回復コード（xxxxx-xxxxx）を入力してください。回復コードもない場合は、サーバーの管理者に{' '}
        <code>npx kawaraban user reset-2fa メールアドレス</code> を依頼してください。
      </p>
    </form>,
  );
}

export function renderEnrol(styleUrl: string, session: SessionInfo, qrSvg: string, secret: string, error?: string): string {
  return renderAdmin(
    { title: '二段階認証の設定', styleUrl, session, error },
    <>
      {session.user.role === 'owner' || session.user.role === 'editor' ? (
        <p>オーナーと編集者のアカウントでは二段階認証が必須です。</p>
      ) : null}
      <ol>
        <li>スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator、1Password など）で、次のQRコードを読み取ります。</li>
        <li>表示された6桁のコードを入力して確認します。</li>
      </ol>
      <div class="qr" dangerouslySetInnerHTML={{ __html: qrSvg }} role="img" aria-label="認証アプリ用のQRコード" />
      <p>
        QRコードを読み取れない場合は、この鍵を手入力してください: <code class="secret">{secret}</code>
      </p>
      <form method="post" action="/admin/2fa/setup" class="admin-form">
        <CsrfField token={session.csrfToken} />
        {session.user.totp_enabled ? (
          <fieldset>
            <legend>本人の確認（設定済みの二段階認証を置き換えます）</legend>
            <label for="currentCode">今の認証アプリの6桁のコード、または回復コード</label>
            <input id="currentCode" name="currentCode" required autoComplete="off" maxLength={40} />
            <label for="password">パスワード</label>
            <input id="password" name="password" type="password" required autoComplete="current-password" />
          </fieldset>
        ) : null}
        <label for="code">新しい認証アプリの6桁のコード</label>
        <input id="code" name="code" required autoComplete="one-time-code" inputMode="numeric" pattern="[0-9 ]{6,7}" maxLength={7} />
        <button type="submit">確認して有効にする</button>
      </form>
    </>,
  );
}

export function renderRecoveryCodes(styleUrl: string, session: SessionInfo, codes: string[]): string {
  return renderAdmin(
    { title: '回復コード', styleUrl, session, notice: '二段階認証を有効にしました。' },
    <>
      <p>
        端末をなくしたときのための回復コードです。<strong>この画面でしか表示されません。</strong>
        印刷するか、パスワード管理ソフトに保存してください。各コードは一度だけ使えます。
      </p>
      <ul class="recovery-codes">
        {codes.map((c) => (
          <li>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/posts">管理画面へ進む</a>
      </p>
    </>,
  );
}
