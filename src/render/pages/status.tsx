// Error pages in Japanese: 404, 400 and 500, each with a way home. They are rendered without
// touching the database, so they work when the database does not.
import { render } from 'preact-render-to-string';
import { SearchForm } from '../layout.tsx';

const messages: Record<number, { title: string; body: string }> = {
  400: { title: 'リクエストが正しくありません', body: 'アドレスやページ番号が正しいか、もう一度お確かめください。' },
  403: { title: 'この操作はできません', body: 'この操作を行う権限がありません。' },
  404: { title: 'ページが見つかりません', body: 'お探しのページは移動または削除されたか、アドレスが間違っている可能性があります。' },
  413: { title: 'ファイルが大きすぎます', body: 'アップロードできる大きさを超えています。' },
  429: { title: '送信が多すぎます', body: '短い時間にたくさんの送信がありました。しばらく待ってから、もう一度お試しください。' },
  500: {
    title: 'サーバーで問題が起きました',
    body: 'しばらくしてからもう一度お試しください。問題が続く場合はサイトの管理者にお知らせください。',
  },
  503: { title: 'ただいま混み合っています', body: '少し時間をおいてから、もう一度お試しください。' },
};

export function renderStatusPage(status: number, siteTitle: string, styleUrl: string, detail?: string): string {
  const m = messages[status] ?? messages[500]!;
  return `<!doctype html>${render(
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${m.title} | ${siteTitle}`}</title>
        <link rel="stylesheet" href={styleUrl} />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header class="site-header">
          <div class="site-header-inner">
            <p class="site-title">
              <a href="/">{siteTitle}</a>
            </p>
          </div>
        </header>
        <main id="main" class="status-page">
          <h1>{m.title}</h1>
          <p>{detail ?? m.body}</p>
          <p>
            <a href="/">トップページへ戻る</a>
          </p>
          {status === 404 ? <SearchForm /> : null}
        </main>
      </body>
    </html>,
  )}`;
}
