// The privacy notice above a registration form: its exact text is what a registrant consents to.
import { type Event } from './event.ts';

// The privacy notice and consent

/** The notice shown above the form; its exact text is what a registrant consents to. */
export function privacyNotice(e: Pick<Event, 'purpose' | 'provided_to' | 'retention_days' | 'contact'>, siteTitle: string): string {
  return [
    `個人情報の取り扱いについて（${siteTitle}）`,
    `利用目的: ${e.purpose}`,
    `第三者への提供: ${e.provided_to || 'ご本人の同意なく第三者に提供することはありません。'}`,
    `保存期間: イベント終了（日時のないものはお申し込み）から ${e.retention_days} 日後に削除します。`,
    `開示・訂正・利用停止・削除のご請求先: ${e.contact}`,
  ].join('\n');
}
