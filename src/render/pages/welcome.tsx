// What an empty site shows: how to create the first account and load the demo.
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';

export function renderWelcome(site: SiteContext): string {
  return renderDocument(
    <Layout site={site} meta={{ title: `${site.settings.title} へようこそ`, path: '/', noindex: true }} withSidebar={false}>
      <section class="welcome">
        <h1>瓦版へようこそ</h1>
        <p>このサイトにはまだ記事がありません。はじめに次のどちらかを行ってください。</p>
        <h2>最初のアカウントを作る</h2>
        <p>
          ブラウザで <a href="/admin/setup">管理画面の初期設定</a> を開くと、オーナーのアカウントを作れます（二段階認証の設定が続きます）。
        </p>
        <p>サーバーの端末から作ることもできます。パスワードはその場で尋ねられます。</p>
        <pre>
          <code>npx kawaraban user create --email you@example.jp --role owner</code>
        </pre>
        <p>
          作成後は <a href="/admin/">管理画面</a> からログインして記事を書けます。
        </p>
        <h2>サンプル記事で試す</h2>
        <p>すべてのブロック（画像・出典・私のコメント・追記・申込ボタン・時系列・注記）を使ったサンプル記事を読み込みます。</p>
        <pre>
          <code>npx kawaraban demo</code>
        </pre>
      </section>
    </Layout>,
  );
}
