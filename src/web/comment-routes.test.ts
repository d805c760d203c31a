import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliActor } from '../audit/service.ts';
import { moderate } from '../comments/service.ts';
import { createPost } from '../content/service.ts';
import { updateSettings } from '../site/write.ts';
import { createTestSite, type TestSite } from '../testing/app.ts';
import { issueFormToken } from './form-guard.ts';

describe('comments for readers over HTTP', () => {
  let site: TestSite;
  let postId: number;
  let oldPostId: number;
  const logLines: string[] = [];
  let ip = 1;

  const keys = () => site.app.sealer.tokenKeys;
  const form = (url: string, fields: Record<string, string>, from: string) =>
    site.server.inject({
      method: 'POST',
      url,
      remoteAddress: from,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
  const tokenIn = (html: string) => /name="_form" value="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  /** The 確認 step: what the form under the post sends to. */
  const preview = (slug: string, fields: Record<string, string>, from = `192.0.2.${ip++}`) =>
    form(`/posts/${slug}/comments/preview`, fields, from);
  /** The preview's token as if issued `ageMs` ago (a reader who read the preview for a while). */
  const aged = (token: string, ageMs = 10_000) => issueFormToken(keys(), token.split('.')[1]!, 3600_000, Date.now() - ageMs);
  /** A reader's whole flow: the preview, then 送信 from it some seconds later. Each test writes
   * from its own address unless it tests the rate limit. */
  const send = async (slug: string, fields: Record<string, string>, from = `192.0.2.${ip++}`) => {
    const pre = await preview(slug, fields, from);
    const token = tokenIn(pre.body);
    if (pre.statusCode !== 200 || !token) return pre;
    return form(`/posts/${slug}/comments`, { ...fields, _form: aged(token) }, from);
  };
  const valid = (extra: Record<string, string> = {}) => ({
    name: '佐藤',
    email: '',
    body: 'とても参考になりました。',
    ...extra,
  });
  const rows = () => site.app.db.kysely.selectFrom('comments').selectAll().orderBy('id').execute();

  before(async () => {
    site = await createTestSite({}, { logLevel: 'trace', logStream: { write: (line) => void logLines.push(line) } });
    const author = await site.app.db.kysely
      .insertInto('authors')
      .values({ slug: 'a', display_name: '著者', profile: '', greeting: '', signoff: '', created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    postId = Number(
      (
        await createPost(
          site.app.db,
          { title: 'Pマークの更新', slug: 'pmark', status: 'published', authorId: Number(author.id), markdown: '更新の話です。' },
          cliActor,
        )
      ).id,
    );
    oldPostId = Number(
      (
        await createPost(
          site.app.db,
          {
            title: '古い記事',
            slug: 'old',
            status: 'published',
            authorId: Number(author.id),
            markdown: '昔の話です。',
            publishedAt: '2020-01-01T00:00:00Z',
          } as Parameters<typeof createPost>[1],
          cliActor,
        )
      ).id,
    );
    await createPost(
      site.app.db,
      { title: '下書き', slug: 'draft', status: 'draft', authorId: Number(author.id), markdown: 'まだです。' },
      cliActor,
    );
  });
  after(async () => {
    await site.close();
  });

  it('shows the form with its notice and a honeypot under a post, sending to the 確認 step, and no form token in the cached page', async () => {
    const res = await site.server.inject('/posts/pmark');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form class="comment-form" id="comment-form" method="post" action="\/posts\/pmark\/comments\/preview">/);
    assert.match(res.body, /name="website"/);
    assert.doesNotMatch(res.body, /name="_form"/);
    assert.match(res.body, /鍵付きハッシュ/);
    assert.match(res.body, /まだコメントはありません。/);
  });

  it('previews a comment exactly as it will appear, uncached, with a fresh token bound to the post and the content', async () => {
    const res = await preview('pmark', valid({ body: '確認画面で見る\nhttps://www.ppc.go.jp/ <i>斜体</i>' }));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.body, /<h1>コメントの確認<\/h1>/);
    assert.match(
      res.body,
      /<div class="comment-body">確認画面で見る<br\/><a href="https:\/\/www\.ppc\.go\.jp\/" rel="nofollow ugc noopener">https:\/\/www\.ppc\.go\.jp\/<\/a> &lt;i&gt;斜体&lt;\/i&gt;<\/div>/,
    );
    assert.match(res.body, /投稿者が確認してから公開されます/);
    assert.match(res.body, /<form method="post" action="\/posts\/pmark\/comments">/);
    assert.match(tokenIn(res.body)!, new RegExp(`^form\\.comment-${postId}-0-`));
    assert.match(res.body, /<textarea[^>]*>確認画面で見る/, 'the form to change it, input kept');
    assert.equal((await rows()).length, 0, 'nothing is stored by a preview');
  });

  it('refuses a token taken from a cached post page, a token for other content, and a 送信 within 3 s of the preview', async () => {
    const from = '192.0.2.250';
    // What the cached page carried before this step existed: a token for the post, minutes old.
    const pageToken = issueFormToken(keys(), `post-${postId}`, 24 * 3600_000, Date.now() - 5 * 60_000);
    const direct = await form('/posts/pmark/comments', valid({ _form: pageToken, body: '直接送る' }), from);
    assert.equal(direct.statusCode, 400);
    assert.match(direct.body, /送信を受け付けられませんでした/);
    assert.match(direct.body, /<textarea[^>]*>直接送る/, 'input kept');
    const noToken = await form('/posts/pmark/comments', valid({ body: 'トークンなし' }), from);
    assert.equal(noToken.statusCode, 400);

    const pre = await preview('pmark', valid({ body: '見せた内容' }), from);
    const token = tokenIn(pre.body)!;
    const other = await form('/posts/pmark/comments', valid({ body: '別の内容', _form: aged(token) }), from);
    assert.equal(other.statusCode, 400);
    assert.match(other.body, /送信を受け付けられませんでした/);

    const fast = await form('/posts/pmark/comments', valid({ body: '見せた内容', _form: token }), from);
    assert.equal(fast.statusCode, 400);
    assert.equal(fast.headers['cache-control'], 'private, no-store');
    assert.match(fast.body, /送信が早すぎたため受け付けられませんでした/);
    assert.match(fast.body, /<h1>コメントの確認<\/h1>/, 'the preview again');
    assert.equal(tokenIn(fast.body), token, 'with the same token: waiting on does not start over');
    assert.equal((await rows()).length, 0);
  });

  it('holds a comment, says so, gives a withdraw link, and shows nothing until approved', async () => {
    const res = await send('pmark', valid({ email: 'Sato@Example.jp', notify: 'yes' }));
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.match(res.body, /投稿者が確認してから公開されます/);
    assert.match(res.body, /\/comments\/withdraw\?t=withdraw\./);
    const [c] = await rows();
    assert.equal(c!.status, 'held');
    assert.equal(c!.author_email, null);
    assert.match(c!.sealed_email!, /^v1\./);
    assert.equal(site.app.sealer.open(c!.sealed_email!, `comment.email:${c!.ref}`), 'Sato@Example.jp');
    assert.equal(c!.email_hash, site.app.sealer.emailHash('sato@example.jp'));
    assert.equal(c!.notify_reply, 1);
    assert.ok(c!.ip_hash && !c!.ip_hash.includes('192.0.2'));
    assert.ok(c!.consent_id);
    assert.doesNotMatch((await site.server.inject('/posts/pmark')).body, /とても参考になりました/);
    await moderate(site.app.db, 'approve', [Number(c!.id)], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    const page = await site.server.inject('/posts/pmark');
    assert.match(page.body, /<span id="comment-\d+-by" class="comment-author">佐藤<\/span>/);
    assert.match(page.body, /とても参考になりました。/);
    assert.match(page.body, /"commentCount":1/);
    assert.doesNotMatch(page.body, /Sato@Example\.jp/i);
    assert.match((await site.server.inject('/')).body, /コメント 1/);
  });

  it('keeps line breaks and turns only URLs into links with rel="nofollow ugc noopener"', async () => {
    const res = await send('pmark', valid({ body: '一行目\n二行目 https://www.ppc.go.jp/news/ を参照。\n<b>太字</b>' }));
    assert.equal(res.statusCode, 200);
    const c = (await rows()).at(-1)!;
    await moderate(site.app.db, 'approve', [Number(c.id)], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    const body = (await site.server.inject('/posts/pmark')).body;
    assert.match(
      body,
      /一行目<br\/>二行目 <a href="https:\/\/www\.ppc\.go\.jp\/news\/" rel="nofollow ugc noopener">https:\/\/www\.ppc\.go\.jp\/news\/<\/a> を参照。<br\/>&lt;b&gt;太字&lt;\/b&gt;/,
    );
  });

  it('refuses bad input with a Japanese message, keeps the input and stores nothing', async () => {
    const before = (await rows()).length;
    const fresh = (extra: Record<string, string>) => valid({ body: '初めての内容です。', ...extra });
    const cases: Array<[Record<string, string>, RegExp, number]> = [
      [fresh({ name: '' }), /お名前を入力してください/, 400],
      [fresh({ name: 'あ'.repeat(51) }), /お名前は50文字までです/, 400],
      [valid({ body: '   ' }), /コメントを入力してください/, 400],
      [valid({ body: 'あ'.repeat(2001) }), /コメントは2,000文字までです/, 400],
      [fresh({ email: 'not-an-address' }), /メールアドレスの形式が正しくありません/, 400],
      [fresh({ website: 'http://spam.example' }), /送信を受け付けられませんでした/, 400],
      [valid({ body: 'とても参考になりました。' }), /同じ内容のコメントがすでに送信されています/, 409],
      [fresh({ parent: '999999' }), /返信先のコメントが見つかりません/, 404],
    ];
    for (const [fields, message, status] of cases) {
      for (const res of [await preview('pmark', fields), await form('/posts/pmark/comments', fields, `192.0.2.${ip++}`)]) {
        assert.equal(res.statusCode, status, String(message));
        assert.match(res.body, message);
        if (fields.name && status !== 404) assert.match(res.body, new RegExp(`value="${fields.name.slice(0, 10)}`));
        assert.equal(res.headers['cache-control'], 'private, no-store');
      }
    }
    const send2 = (fields: Record<string, string>) => form('/posts/pmark/comments', fields, `192.0.2.${ip++}`);
    const pre = tokenIn((await preview('pmark', valid({ body: '期限切れ' }))).body)!;
    const expired = issueFormToken(keys(), pre.split('.')[1]!, 1000, Date.now() - 10_000);
    assert.match((await send2(valid({ _form: expired, body: '期限切れ' }))).body, /送信を受け付けられませんでした/);
    assert.match(
      (await send2(valid({ _form: 'form.post-1.zzzzzzz.abc.forged', body: '期限切れ' }))).body,
      /送信を受け付けられませんでした/,
    );
    const forOld = tokenIn((await preview('old', valid({ body: '古い記事へ' }))).body);
    assert.equal(forOld, undefined, 'a closed post issues no token');
    assert.match((await send('draft', valid())).body, /記事が見つかりません/);
    assert.equal((await send('nothing-here', valid())).statusCode, 404);
    assert.equal((await rows()).length, before);
  });

  it('refuses comments on a closed post and says so under its comments', async () => {
    const page = await site.server.inject('/posts/old');
    assert.match(page.body, /コメントの受付は終了しました。/);
    assert.doesNotMatch(page.body, /id="comment-form"/);
    const res = await send('old', valid());
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /この記事のコメントの受付は終了しました。/);
  });

  it('holds a comment with too many links and marks one with a banned word as spam', async () => {
    await updateSettings(site.app.db, { commentBannedWords: 'カジノ\n激安' });
    await send('pmark', valid({ body: 'https://a.example/ https://b.example/ https://c.example/' }));
    await send('pmark', valid({ body: 'オンラインｶｼﾞﾉはこちら' }));
    const [links, banned] = (await rows()).slice(-2);
    assert.equal(links!.status, 'held');
    assert.equal(banned!.status, 'spam');
  });

  it('approves at once a commenter whose earlier comment was approved, when the settings say so', async () => {
    await updateSettings(site.app.db, { commentApproval: 'known' });
    const res = await send('pmark', valid({ email: 'sato@example.jp', body: '二度目のコメントです。' }));
    assert.match(res.body, /コメントを公開しました/);
    assert.match((await site.server.inject('/posts/pmark')).body, /二度目のコメントです。/);
    const stranger = await send('pmark', valid({ email: 'new@example.jp', body: '初めてのコメントです。' }));
    assert.match(stranger.body, /投稿者が確認してから公開されます/);
    await updateSettings(site.app.db, { commentApproval: 'all' });
  });

  it('limits an address to 5 comments in 10 minutes with a Japanese 429 page', async () => {
    const from = '198.51.100.7';
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await send('pmark', valid({ body: `連投${i}` }), from)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
    const last = await send('pmark', valid({ body: 'もう一度' }), from);
    assert.equal(last.statusCode, 429);
    assert.match(last.body, /短い時間にたくさんの送信がありました/);
  });

  it('withdraws a comment with its own link (a button, not the GET) and refuses forged links', async () => {
    const res = await send('pmark', valid({ body: '取り消すコメント', email: 'w@example.jp' }));
    const link = /\/comments\/withdraw\?t=([^"<\s]+)/.exec(res.body)![1]!;
    const t = decodeURIComponent(link);
    const c = (await rows()).at(-1)!;
    await moderate(site.app.db, 'approve', [Number(c.id)], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    assert.match((await site.server.inject('/posts/pmark')).body, /取り消すコメント/);
    const page = await site.server.inject(`/comments/withdraw?t=${encodeURIComponent(t)}`);
    assert.match(page.body, /コメントを削除する/);
    assert.ok(await site.app.db.kysely.selectFrom('comments').select('id').where('id', '=', c.id).executeTakeFirst());
    const done = await site.server.inject({
      method: 'POST',
      url: '/comments/withdraw',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `t=${encodeURIComponent(t)}`,
    });
    assert.match(done.body, /削除しました/);
    assert.equal(await site.app.db.kysely.selectFrom('comments').select('id').where('id', '=', c.id).executeTakeFirst(), undefined);
    assert.doesNotMatch((await site.server.inject('/posts/pmark')).body, /取り消すコメント/);
    const again = await site.server.inject({
      method: 'POST',
      url: '/comments/withdraw',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `t=${encodeURIComponent(t)}`,
    });
    assert.equal(again.statusCode, 410);
    const forged = await site.server.inject(`/comments/withdraw?t=${encodeURIComponent(t.slice(0, -2) + 'xx')}`);
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /このリンクは正しくありません/);
  });

  it('shows imported comments (stored before this change) with their names, dates and text', async () => {
    await site.app.db.kysely
      .insertInto('comments')
      .values({
        post_id: postId,
        author_name: '山田（旧ブログ）',
        author_email: null,
        author_ip: null,
        author_url: null,
        body: '懐かしい記事です。<br />また読みます &amp; 応援しています',
        created_at: '2016-03-04T01:02:00Z',
        source_key: 'mt:1:0',
      })
      .execute();
    // An import bumps the content version itself; this bare insert does not, so the cache is let go here.
    await site.app.cache.invalidate();
    const fresh = (await site.server.inject('/posts/pmark')).body;
    assert.match(fresh, /山田（旧ブログ）/);
    assert.match(fresh, /2016年3月4日 10:02/);
    assert.match(fresh, /懐かしい記事です。<br\/>また読みます &amp; 応援しています/);
  });

  it('puts comments beyond the first 100 on /posts/SLUG/comments?page=N', async () => {
    const now = Date.now();
    await site.app.db.kysely
      .insertInto('comments')
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          post_id: oldPostId,
          author_name: `読者${i + 1}`,
          author_email: null,
          author_ip: null,
          author_url: null,
          body: `${i + 1}番目のコメント`,
          created_at: new Date(now - (200 - i) * 60_000).toISOString(),
          source_key: `wxr:many:${i}`,
        })),
      )
      .execute();
    await site.app.cache.invalidate();
    const post = (await site.server.inject('/posts/old')).body;
    assert.match(post, /100番目のコメント/);
    assert.doesNotMatch(post, /101番目のコメント/);
    assert.match(post, /href="\/posts\/old\/comments\?page=2"/);
    const second = await site.server.inject('/posts/old/comments?page=2');
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /101番目のコメント/);
    assert.match(second.body, /120番目のコメント/);
    assert.equal((await site.server.inject('/posts/old/comments?page=3')).statusCode, 404);
    assert.equal((await site.server.inject('/posts/old/comments?page=x')).statusCode, 400);
  });

  it('lets readers reply under a comment on an uncached reply page, with the same preview step; replies show under it', async () => {
    const [first] = await rows();
    const post = (await site.server.inject('/posts/pmark')).body;
    assert.match(post, new RegExp(`<a class="comment-reply-link" href="/posts/pmark/comments/${first!.id}/reply"[^>]*>返信</a>`));
    const page = await site.server.inject(`/posts/pmark/comments/${first!.id}/reply`);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(page.body, /佐藤さんのコメントへの返信/);
    assert.match(page.body, new RegExp(`<input type="hidden" name="parent" value="${first!.id}"/>`));
    assert.match(page.body, /action="\/posts\/pmark\/comments\/preview"/);
    assert.doesNotMatch(page.body, /name="_form"/);
    assert.doesNotMatch(page.body, /name="notify"/, 'notices go to the comment answered: a reply asks for none');

    const pre = await preview('pmark', valid({ name: '鈴木', body: '私も同じ意見です。', parent: String(first!.id) }));
    assert.match(pre.body, /佐藤さんのコメントへの返信/);
    assert.match(tokenIn(pre.body)!, new RegExp(`^form\\.comment-${postId}-${first!.id}-`));
    // A preview's token for a reply does not post the same words as a comment of its own.
    const moved = await form(
      '/posts/pmark/comments',
      valid({ name: '鈴木', body: '私も同じ意見です。', _form: aged(tokenIn(pre.body)!) }),
      '192.0.2.251',
    );
    assert.match(moved.body, /送信を受け付けられませんでした/);

    const res = await send(
      'pmark',
      valid({ name: '鈴木', email: 'suzuki@example.jp', notify: 'yes', body: '私も同じ意見です。', parent: String(first!.id) }),
    );
    assert.match(res.body, /投稿者が確認してから公開されます/);
    const reply = (await rows()).at(-1)!;
    assert.equal(Number(reply.parent_id), first!.id);
    assert.equal(reply.status, 'held');
    assert.equal(reply.notify_reply, 0);
    await moderate(site.app.db, 'approve', [Number(reply.id)], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    // A reply to the reply goes under the same comment (one level).
    await send('pmark', valid({ name: '田中', body: '返信への返信です。', parent: String(reply.id) }));
    const deeper = (await rows()).at(-1)!;
    assert.equal(Number(deeper.parent_id), first!.id);
    const shown = (await site.server.inject('/posts/pmark')).body;
    const thread = shown.slice(shown.indexOf(`id="comment-${first!.id}"`));
    assert.match(thread, new RegExp(`<ol class="comment-replies"[^>]*><li id="comment-${reply.id}" class="comment comment-reply">`));
    assert.doesNotMatch(shown, new RegExp(`comments/${reply.id}/reply`), 'no 返信 link under a reply');

    assert.equal((await site.server.inject('/posts/pmark/comments/999999/reply')).statusCode, 404);
    assert.equal((await site.server.inject(`/posts/pmark/comments/${deeper.id}/reply`)).statusCode, 404, 'a held comment');
    assert.equal((await site.server.inject(`/posts/old/comments/${first!.id}/reply`)).statusCode, 404, 'another post');
  });

  it('closes the reply page with the post, and shows no 返信 links there', async () => {
    await site.app.db.kysely
      .insertInto('comments')
      .values({
        post_id: oldPostId,
        author_name: '旧',
        author_email: null,
        author_ip: null,
        author_url: null,
        body: '閉じた記事へ',
        created_at: '2020-01-02T00:00:00Z',
        source_key: 'mt:closed:1',
      })
      .execute();
    await site.app.cache.invalidate();
    const c = (await rows()).at(-1)!;
    const res = await site.server.inject(`/posts/old/comments/${c.id}/reply`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /コメントの受付は終了しました/);
    assert.doesNotMatch((await site.server.inject('/posts/old')).body, /\/reply"/);
  });

  it("never logs a commenter's email, address or name", () => {
    const all = logLines.join('\n');
    for (const s of ['Sato@Example.jp', 'sato@example.jp', '198.51.100.7', '佐藤']) assert.ok(!all.includes(s), s);
  });
});
