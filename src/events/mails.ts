// The mails a registrant receives, as plain Japanese text. Links carry signed tokens; the
// join URL, the video and the file are never in a mail themselves, only behind the
// registrant's own expiring link.
import { formatDateTime } from '../time.ts';
import type { Event } from './event.ts';
import type { MailContext, MailText } from '../mail/text.ts';

export type { MailContext };

function when(e: Event): string {
  if (!e.starts_at) return '';
  return `日時: ${formatDateTime(e.starts_at)}${e.ends_at ? ` 〜 ${formatDateTime(e.ends_at)}` : ''}\n`;
}

function details(e: Event): string {
  return `${when(e)}${e.kind === 'seminar' && e.place ? `会場: ${e.place}\n` : ''}`;
}

function footer(ctx: MailContext, e: Event): string {
  return `\n--\n${ctx.siteTitle}\n${ctx.siteUrl}/\n個人情報のお問い合わせ: ${e.contact}\n`;
}

/** To an address not yet confirmed: nothing typed into the form (not even the name) is
 * repeated, so nobody can make the site mail their text to any address. */
export function confirmMail(ctx: MailContext, e: Event, token: string, waitlist: boolean, again = false): MailText {
  const url = `${ctx.siteUrl}/events/confirm?t=${encodeURIComponent(token)}`;
  return {
    kind: 'confirm',
    subject: `【${ctx.siteTitle}】お申し込みの確認: ${e.title}`,
    text:
      'お申し込みいただいた方へ\n\n' +
      (again ? '同じメールアドレスで、もう一度お申し込みがありました。まだ確定していないため、確認のリンクをお送りし直します。\n\n' : '') +
      `「${e.title}」${waitlist ? 'のキャンセル待ち' : ''}へのお申し込みを受け付けました。\n` +
      `下のリンクを開いて、お申し込みを確定してください（48時間有効、一度だけ使えます）。\n\n${url}\n\n` +
      details(e) +
      '\nお心当たりのない場合は、このメールを破棄してください。リンクを開かなければお申し込みは確定せず、7日後に記録も削除されます。\n' +
      footer(ctx, e),
  };
}

export function accessMail(
  ctx: MailContext,
  e: Event,
  name: string,
  token: string | undefined,
  waitlisted: boolean,
  again = false,
): MailText {
  const link = token ? `${ctx.siteUrl}/events/access?t=${encodeURIComponent(token)}` : '';
  const what: Record<Event['kind'], string> = {
    seminar: `当日は会場へお越しください。ご都合が悪くなった場合は、次のリンクから取り消せます（あなた専用のリンクです）。\n\n${link}`,
    webinar: `当日は次のリンクから参加してください（あなた専用のリンクです。他の方と共有しないでください）。\n\n${link}`,
    ondemand: `次のリンクから動画をご覧いただけます（あなた専用のリンクです）。\n\n${link}`,
    download: `次のリンクから資料をダウンロードできます（あなた専用のリンクです）。\n\n${link}`,
  };
  const body = waitlisted ? `満席のため、キャンセル待ちとして承りました。お席が空きましたらご連絡します。\n` : `${what[e.kind]}\n`;
  return {
    kind: 'access',
    subject: `【${ctx.siteTitle}】${waitlisted ? 'キャンセル待ちを承りました' : 'お申し込みが確定しました'}: ${e.title}`,
    text:
      `${name} 様\n\n` +
      (again ? '同じメールアドレスで、もう一度お申し込みがありました。お申し込みは既に確定しています。\n\n' : '') +
      `「${e.title}」へのお申し込みありがとうございます。\n${body}\n${details(e)}` +
      footer(ctx, e),
  };
}

export function reminderMail(ctx: MailContext, e: Event, name: string, token: string | undefined): MailText {
  const link = token ? `\n参加用リンク（あなた専用）:\n${ctx.siteUrl}/events/access?t=${encodeURIComponent(token)}\n` : '';
  return {
    kind: 'reminder',
    subject: `【${ctx.siteTitle}】明日のご案内: ${e.title}`,
    text: `${name} 様\n\nお申し込みいただいた「${e.title}」が近づきましたのでお知らせします。\n\n${details(e)}${link}` + footer(ctx, e),
  };
}

export function seatMail(ctx: MailContext, e: Event, name: string, token: string): MailText {
  const link = `${ctx.siteUrl}/events/access?t=${encodeURIComponent(token)}`;
  return {
    kind: 'seat',
    subject: `【${ctx.siteTitle}】お席が空きました: ${e.title}`,
    text:
      `${name} 様\n\n「${e.title}」のキャンセル待ちにご登録いただきありがとうございます。お席が空きましたので、参加が確定しました。\n\n` +
      `${details(e)}\nご案内と取り消しは次のリンクから（あなた専用のリンクです）:\n${link}\n` +
      footer(ctx, e),
  };
}
