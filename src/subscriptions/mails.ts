// The mails a subscriber receives: the confirmation, "already subscribed", a new post, an
// addendum to a followed post, the weekly digest. Every one after confirming carries the
// subscriber's own preferences link and, in its headers, List-Unsubscribe (URL and mailto)
// with List-Unsubscribe-Post (RFC 8058), so the mail program's own button works.
import type { AddendumBlock, Block } from '../content/blocks.ts';
import { formatCalendarDate, formatDate } from '../time.ts';
import { addendumHtml, blocksToMailHtml, esc, htmlToMailText, mailDocument, styles } from './mail-html.ts';

export interface MailSite {
  siteUrl: string;
  siteTitle: string;
  /** MAIL_FROM: the mailto of List-Unsubscribe goes there. */
  mailFrom: string;
}

export interface PersonalLinks {
  preferences: string;
  unsubscribe: string;
}

export interface MailParts {
  kind: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export function personalLinks(site: MailSite, token: string): PersonalLinks {
  const t = encodeURIComponent(token);
  return {
    preferences: `${site.siteUrl}/subscriptions/preferences?t=${t}`,
    unsubscribe: `${site.siteUrl}/subscriptions/unsubscribe?t=${t}`,
  };
}

export function unsubscribeHeaders(site: MailSite, links: PersonalLinks, token: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.unsubscribe}>, <mailto:${site.mailFrom}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function textFooter(site: MailSite, links: PersonalLinks): string {
  return `\n\n--\n${site.siteTitle}\n${site.siteUrl}/\n配信の設定（カテゴリー・頻度・追記を受け取る記事）: ${links.preferences}\n配信の停止: ${links.unsubscribe}\n`;
}

function htmlFooter(site: MailSite, links: PersonalLinks): string {
  return `${esc(site.siteTitle)}（<a style="color:#59636e" href="${esc(site.siteUrl)}/">${esc(site.siteUrl)}</a>）からの購読メールです。<br><a style="color:#59636e" href="${esc(links.preferences)}">配信の設定</a>　<a style="color:#59636e" href="${esc(links.unsubscribe)}">配信を停止する</a>`;
}

export function confirmMail(site: MailSite, confirmUrl: string, again: boolean): MailParts {
  return {
    kind: 'subscribe-confirm',
    subject: `【${site.siteTitle}】メール購読の確認`,
    text:
      (again
        ? '同じメールアドレスで、もう一度購読のお申し込みがありました。まだ確定していないため、確認のリンクをお送りし直します。\n\n'
        : '') +
      `${site.siteTitle} のメール購読のお申し込みを受け付けました。\n下のリンクを開き、表示されるボタンを押すと購読が始まります（48時間有効、一度だけ使えます）。\n\n${confirmUrl}\n\n` +
      'お心当たりのない場合は、このメールを破棄してください。リンクを開かなければ購読は始まらず、7日後に記録も削除されます。\n' +
      `\n--\n${site.siteTitle}\n${site.siteUrl}/\n`,
  };
}

/** To an address that is subscribed already: its own links, nothing else changes. */
export function alreadyMail(site: MailSite, links: PersonalLinks, followUrl?: string): MailParts {
  return {
    kind: 'subscribe-again',
    subject: `【${site.siteTitle}】メール購読のお知らせ`,
    text:
      'このメールアドレスで、もう一度購読のお申し込みがありました。購読は既に始まっています。\n' +
      (followUrl ? `\nお申し込みの記事の追記を受け取るには、次のリンクを開いてボタンを押してください。\n${followUrl}\n` : '') +
      '\nお心当たりのない場合は、このメールを破棄してください。何も変わりません。' +
      textFooter(site, links),
  };
}

export interface PostForMail {
  id: number;
  slug: string;
  title: string;
  published_at: string | null;
  blocks: string;
}

export const postSubject = (site: Pick<MailSite, 'siteTitle'>, title: string) => `【${site.siteTitle}】${title}`;

/** A new post, made once per post; the personal links are filled in per subscriber. */
export function postMailMaker(site: MailSite, post: PostForMail, authorName: string): (links: PersonalLinks, token: string) => MailParts {
  const url = `${site.siteUrl}/posts/${encodeURIComponent(post.slug)}`;
  const blocks = JSON.parse(post.blocks) as Block[];
  const date = post.published_at ? formatDate(post.published_at) : '';
  const bodyHtml = blocksToMailHtml(blocks, site.siteUrl);
  const head = `<h1 style="font-size:22px;line-height:1.5;margin:0 0 .3em;color:#1f2328"><a style="color:#1f2328;text-decoration:none" href="${esc(url)}">${esc(post.title)}</a></h1><p style="${styles.small};margin:0 0 1.5em">${esc(date)}${authorName ? `　${esc(authorName)}` : ''}</p>`;
  const tail = `<p style="${styles.p}"><a href="${esc(url)}" style="${styles.button}">サイトで読む</a></p>`;
  const text = `${post.title}\n${date}${authorName ? `　${authorName}` : ''}\n${url}\n\n${htmlToMailText(bodyHtml)}\n\nサイトで読む: ${url}`;
  const subject = postSubject(site, post.title);
  return (links, token) => ({
    kind: 'post',
    subject,
    text: text + textFooter(site, links),
    html: mailDocument(post.title, head + bodyHtml + tail, htmlFooter(site, links)),
    headers: unsubscribeHeaders(site, links, token),
  });
}

export function addendumMailMaker(
  site: MailSite,
  post: { slug: string; title: string },
  addenda: AddendumBlock[],
): (links: PersonalLinks, token: string) => MailParts {
  const url = `${site.siteUrl}/posts/${encodeURIComponent(post.slug)}`;
  const bodyHtml = addenda.map((a) => addendumHtml(a, site.siteUrl)).join('\n');
  const dates = addenda.flatMap((a) => (a.date ? [formatCalendarDate(a.date)] : [])).join('・');
  const intro = `受け取りを選ばれた記事「${post.title}」に追記${dates ? `（${dates}）` : ''}が加わりました。`;
  const subject = `【${site.siteTitle}】追記: ${post.title}`;
  const text = `${intro}\n${url}\n\n${htmlToMailText(bodyHtml)}\n\n記事の全文: ${url}`;
  return (links, token) => ({
    kind: 'addendum',
    subject,
    text: text + textFooter(site, links),
    html: mailDocument(
      post.title,
      `<p style="${styles.p}">${esc(intro)}</p>${bodyHtml}<p style="${styles.p}"><a href="${esc(url)}" style="${styles.button}">記事の全文を読む</a></p>`,
      htmlFooter(site, links),
    ),
    headers: unsubscribeHeaders(site, links, token),
  });
}

export function digestMail(
  site: MailSite,
  posts: Array<{ slug: string; title: string; excerpt: string; published_at: string | null }>,
  weekOf: string,
  links: PersonalLinks,
  token: string,
): MailParts {
  const items = posts.map((p) => ({
    ...p,
    url: `${site.siteUrl}/posts/${encodeURIComponent(p.slug)}`,
    date: p.published_at ? formatDate(p.published_at) : '',
  }));
  const intro = `${formatCalendarDate(weekOf)}までの1週間に公開した記事（${items.length}件）です。`;
  const html = `<h1 style="font-size:20px;margin:0 0 1em;color:#1f2328">${esc(site.siteTitle)} 今週の記事</h1><p style="${styles.p}">${esc(intro)}</p>${items
    .map(
      (p) =>
        `<h2 style="font-size:17px;line-height:1.5;margin:1.2em 0 .2em"><a style="color:#0b57a4" href="${esc(p.url)}">${esc(p.title)}</a></h2><p style="${styles.small};margin:0 0 .3em">${esc(p.date)}</p><p style="${styles.p}">${esc(p.excerpt)}</p>`,
    )
    .join('')}`;
  const text = `${site.siteTitle} 今週の記事\n${intro}\n\n${items.map((p) => `■ ${p.title}（${p.date}）\n${p.excerpt}\n${p.url}`).join('\n\n')}`;
  return {
    kind: 'digest',
    subject: `【${site.siteTitle}】今週の記事（${items.length}件）`,
    text: text + textFooter(site, links),
    html: mailDocument(`${site.siteTitle} 今週の記事`, html, htmlFooter(site, links)),
    headers: unsubscribeHeaders(site, links, token),
  };
}
