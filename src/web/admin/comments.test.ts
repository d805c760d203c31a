import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'parse5';
import { currentTotp } from '../../accounts/totp.ts';
import { cliActor } from '../../audit/service.ts';
import { moderate, postComment, type CommentContext } from '../../comments/service.ts';
import { heldDigestMail, replyMail } from '../../comments/mails.ts';
import { XSS_PAYLOADS } from '../../comments/testdata/xss-payloads.ts';
import { createPost } from '../../content/service.ts';
import { AdminClient, createTestUser, type TestUser } from '../../testing/admin-client.ts';
import { createTestSite, type TestSite } from '../../testing/app.ts';

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: Node[];
  content?: Node;
  value?: string;
}

/** Whatever a page is made of: every element with its attributes, and every script's text. */
function elements(html: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (n.tagName) out.push(n);
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
  };
  walk(parse(html) as unknown as Node);
  return out;
}

/** A page is inert when no comment made an element, a handler or a script URL: the only
 * scripts are the page's own JSON-LD (valid JSON) and the admin's own files. */
function assertInert(html: string, where: string): void {
  for (const el of elements(html)) {
    for (const a of el.attrs ?? []) {
      assert.ok(!/^on/i.test(a.name), `${where}: an event handler attribute ${a.name} on <${el.tagName}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name))
        assert.ok(!/^\s*(javascript|data|vbscript):/i.test(a.value), `${where}: ${a.name}="${a.value}"`);
      if (a.name === 'style') assert.ok(!/javascript|expression|url\(/i.test(a.value), `${where}: style="${a.value}"`);
    }
    if (el.tagName === 'script') {
      const type = el.attrs?.find((a) => a.name === 'type')?.value;
      const src = el.attrs?.find((a) => a.name === 'src')?.value;
      if (src) assert.match(src, /^\/static\//, `${where}: a script from ${src}`);
      else {
        assert.equal(type, 'application/ld+json', `${where}: an inline script`);
        const text = (el.childNodes ?? []).map((c) => c.value ?? '').join('');
        assert.doesNotThrow(() => JSON.parse(text), `${where}: JSON-LD that is not JSON`);
      }
    }
  }
  // Elements a payload could have made are not there at all.
  const tags = elements(html).map((e) => e.tagName);
  for (const t of ['iframe', 'object', 'embed', 'math', 'marquee', 'img', 'video', 'audio'])
    assert.ok(!tags.includes(t), `${where}: <${t}>`);
  assert.equal(tags.filter((t) => t === 'body').length, 1, `${where}: a second <body>`);
}

describe('admin: comments', () => {
  let site: TestSite;
  let owner: TestUser;
  let c: AdminClient;
  let ctx: CommentContext;
  let postId: number;
  let n = 0;
  const comment = async (body: string, name = '読者') =>
    postComment(ctx, 'pmark', { name, email: `r${++n}@example.jp`, body, notify: true }, `hash-${n}`);

  before(async () => {
    site = await createTestSite();
    owner = await createTestUser(site.app.db, 'owner@example.jp', 'owner');
    await createTestUser(site.app.db, 'writer@example.jp', 'author');
    c = new AdminClient(site.server);
    await c.signIn('owner@example.jp', await currentTotp(owner.secret!));
    ctx = {
      db: site.app.db,
      sealer: site.app.sealer,
      settings: (await site.app.siteContext()).settings,
      siteUrl: 'https://blog.example.jp',
    };
    const author = await site.app.db.kysely.selectFrom('authors').select('id').executeTakeFirstOrThrow();
    postId = Number(
      (
        await createPost(
          site.app.db,
          { title: 'Pマークの更新', slug: 'pmark', status: 'published', authorId: Number(author.id), markdown: '更新の話です。' },
          cliActor,
        )
      ).id,
    );
  });
  after(() => site.close());

  it('lists held comments first, with the count of held ones in the menu', async () => {
    const a = await comment('承認済みになるコメント');
    await moderate(site.app.db, 'approve', [a.id], cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    await comment('承認待ちのコメント');
    const res = await c.get('/admin/comments');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<a href="\/admin\/comments">コメント<span class="held-count">（承認待ち 1）<\/span><\/a>/);
    assert.ok(res.body.indexOf('承認待ちのコメント') < res.body.indexOf('承認済みになるコメント'));
    assert.match((await c.get('/admin/posts')).body, /（承認待ち 1）/);
  });

  it('approves from the admin, and the post and the front page show it at once', async () => {
    const p = await comment('管理画面で承認するコメント');
    assert.doesNotMatch((await site.server.inject('/posts/pmark')).body, /管理画面で承認するコメント/);
    await c.get('/admin/comments?status=held');
    const res = await c.post(`/admin/comments/${p.id}/approve`, {});
    assert.equal(res.statusCode, 303);
    assert.match((await site.server.inject('/posts/pmark')).body, /管理画面で承認するコメント/);
    assert.match((await site.server.inject('/')).body, /コメント 2/);
    const log = await site.app.db.kysely
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('action', '=', 'comment.approve')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual([log.actor, log.target], ['owner@example.jp', `comment:${p.id}`]);
  });

  it('approves, marks as spam and deletes several at once, and filters by state and post', async () => {
    const ids = [(await comment('まとめて1')).id, (await comment('まとめて2')).id, (await comment('まとめて3')).id];
    await c.get('/admin/comments');
    await c.post('/admin/comments/bulk', { action: 'approve', ids: ids.slice(0, 2).map(String) });
    await c.get('/admin/comments');
    await c.post('/admin/comments/bulk', { action: 'spam', ids: [String(ids[2])] });
    const held = (await c.get('/admin/comments?status=held')).body;
    assert.doesNotMatch(held, /まとめて\d/);
    const spam = (await c.get(`/admin/comments?status=spam&post=${postId}`)).body;
    assert.match(spam, /まとめて3/);
    assert.doesNotMatch(spam, /まとめて1/);
    await c.post('/admin/comments/bulk', { action: 'delete', ids: ids.map(String) });
    await c.get('/admin/comments');
    assert.equal((await site.app.db.kysely.selectFrom('comments').select('id').where('id', 'in', ids).execute()).length, 0);
    assert.doesNotMatch((await site.server.inject('/posts/pmark')).body, /まとめて1/);
    const none = await c.post('/admin/comments/bulk', { action: 'approve' });
    assert.match(none.headers.location as string, /done=none/);
  });

  it('replies as the author, marked 投稿者 on the post', async () => {
    const p = await comment('質問です。');
    await c.get('/admin/comments');
    const res = await c.post(`/admin/comments/${p.id}/reply`, { body: 'お答えします。' });
    assert.equal(res.statusCode, 303);
    const page = (await site.server.inject('/posts/pmark')).body;
    assert.match(page, /質問です。/);
    assert.match(page, /owner<span class="comment-badge">（投稿者）<\/span>/);
    assert.match(page, /お答えします。/);
    await c.get('/admin/comments');
    const empty = await c.post(`/admin/comments/${p.id}/reply`, { body: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /コメントを入力してください/);
  });

  it("closes a post's comments by hand and saves the comment settings (owner only)", async () => {
    await c.get(`/admin/comments?post=${postId}`);
    await c.post(`/admin/comments/posts/${postId}/thread`, { mode: 'closed' });
    assert.match((await site.server.inject('/posts/pmark')).body, /コメントの受付は終了しました。/);
    await c.get(`/admin/comments?post=${postId}`);
    await c.post(`/admin/comments/posts/${postId}/thread`, { mode: 'auto' });
    await c.get('/admin/comments/settings');
    const bad = await c.post('/admin/comments/settings', {
      commentApproval: 'all',
      commentCloseDays: '-1',
      commentMaxLinks: '2',
      commentBannedWords: '',
    });
    assert.equal(bad.statusCode, 400);
    await c.get('/admin/comments/settings');
    await c.post('/admin/comments/settings', {
      commentApproval: 'known',
      commentCloseDays: '30',
      commentMaxLinks: '1',
      commentBannedWords: 'カジノ',
    });
    const s = (await site.app.siteContext()).settings;
    assert.deepEqual([s.commentApproval, s.commentCloseDays, s.commentMaxLinks, s.commentBannedWords], ['known', 30, 1, 'カジノ']);
    // The site settings form leaves the comment settings alone.
    await c.get('/admin/settings');
    await c.post('/admin/settings', { title: '見本', postsPerPage: '10', dateStyle: 'western' });
    assert.equal((await site.app.siteContext()).settings.commentCloseDays, 30);
  });

  it("approving a reader's reply queues the commenter's notice; 開示・削除 lists it and takes it away unsent", async () => {
    const asked = await comment('返信がほしいコメント');
    await c.get('/admin/comments?status=held');
    await c.post(`/admin/comments/${asked.id}/approve`, {});
    const answer = await postComment(
      ctx,
      'pmark',
      { name: '別の読者', email: '', body: '私が答えます。', notify: false },
      'hash-answer',
      asked.id,
    );
    assert.equal(answer.status, 'held');
    await c.get('/admin/comments?status=held');
    await c.post(`/admin/comments/${answer.id}/approve`, {});
    const pending = () =>
      site.app.db.kysely
        .selectFrom('mail_outbox')
        .select('id')
        .where('comment_id', '=', answer.id)
        .where('status', '=', 'pending')
        .execute();
    assert.equal((await pending()).length, 1);
    const email = `r${n}@example.jp`;
    await c.get('/admin/privacy');
    const exported = JSON.parse((await c.post('/admin/privacy/export', { email })).body) as {
      queuedCommentMail: Array<{ subject: string }>;
    };
    assert.equal(exported.queuedCommentMail.length, 1);
    assert.match(exported.queuedCommentMail[0]!.subject, /コメントに返信がありました/);
    await c.get('/admin/privacy');
    const deleted = await c.post('/admin/privacy/delete', { email, confirm: 'yes' });
    assert.match(deleted.body, /コメント 1件/);
    assert.equal((await pending()).length, 0);
  });

  it('is for owners and editors: an author gets 403', async () => {
    const w = new AdminClient(site.server);
    await w.signIn('writer@example.jp');
    assert.equal((await w.get('/admin/comments')).statusCode, 403);
    await w.get('/admin/posts');
    assert.equal((await w.post('/admin/comments/1/approve', {})).statusCode, 403);
  });

  it('keeps comments from a public XSS payload list inert on the post, the comments page, the admin and in mails', async () => {
    await c.get('/admin/comments/settings');
    await c.post('/admin/comments/settings', {
      commentApproval: 'all',
      commentCloseDays: '0',
      commentMaxLinks: '50',
      commentBannedWords: '',
    });
    ctx = { ...ctx, settings: (await site.app.siteContext()).settings, siteUrl: 'https://blog.example.jp' };
    const ids: number[] = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      ids.push((await comment(`${i}: ${payload}\n2行目 ${payload}`, payload.slice(0, 50))).id);
    }
    // Imported comments came with HTML of old blogs: the same payloads there.
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      await site.app.db.kysely
        .insertInto('comments')
        .values({
          post_id: postId,
          author_name: payload.slice(0, 200),
          author_email: null,
          author_ip: null,
          author_url: null,
          body: `取り込み${i}: ${payload}`,
          created_at: new Date().toISOString(),
          source_key: `mt:xss:${i}`,
        })
        .execute();
    }
    await c.get('/admin/comments');
    const adminHeld = await c.get('/admin/comments?status=held');
    assertInert(adminHeld.body, 'admin (held)');
    assert.ok(adminHeld.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    await moderate(site.app.db, 'approve', ids, cliActor, { sealer: site.app.sealer, siteUrl: 'https://blog.example.jp' });
    const post = (await site.server.inject('/posts/pmark')).body;
    assertInert(post, 'post');
    for (const [i] of XSS_PAYLOADS.entries()) assert.ok(post.includes(`${i}: `), `payload ${i} shown as text`);
    assert.match(post, /取り込み0: alert\(1\)/);
    assertInert((await site.server.inject('/')).body, 'front page');
    assertInert((await site.server.inject('/posts/pmark/comments')).body, 'comments page');
    assertInert((await c.get('/admin/comments')).body, 'admin (all)');
    // The pages never cached: the reply page under a payload, and the 確認 step showing one.
    assertInert((await site.server.inject(`/posts/pmark/comments/${ids[0]}/reply`)).body, 'reply page');
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const preview = await site.server.inject({
        method: 'POST',
        url: '/posts/pmark/comments/preview',
        remoteAddress: `203.0.113.${i + 1}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          name: payload.slice(0, 50),
          email: '',
          body: `確認${i}: ${payload}`,
          parent: String(ids[0]),
        }).toString(),
      });
      assert.equal(preview.statusCode, 200, `preview ${i}`);
      assertInert(preview.body, `preview ${i}`);
    }
    // Mails are text/plain: the payload arrives as the characters it is, nothing else.
    const mail = heldDigestMail(
      { siteUrl: 'https://blog.example.jp', siteTitle: '見本' },
      XSS_PAYLOADS.map((p) => ({ name: p, body: p, postTitle: 't' })),
    );
    assert.ok(mail.text.includes('<script>alert(1)</script>'));
    assert.ok(
      replyMail({ siteUrl: 'https://blog.example.jp', siteTitle: '見本' }, { slug: 'pmark', title: 't' }, XSS_PAYLOADS[0]!, {
        name: XSS_PAYLOADS[1]!,
        byAuthor: false,
        body: XSS_PAYLOADS[2]!,
      }).text.includes(XSS_PAYLOADS[2]!),
    );
  });
});
