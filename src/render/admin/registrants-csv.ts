// An event's registrants as CSV for Excel (the owner's export; every export is audited by
// the caller).
import type { Event } from '../../events/event.ts';
import type { Registrant } from '../../events/registration.ts';
import { toCsv } from '../../privacy/csv.ts';
import { REGISTRATION_STATUS_LABELS } from '../event-labels.ts';

/** Registrants as CSV for Excel: UTF-8 with a BOM (Excel then reads Japanese right), CRLF. */
export function registrantsCsv(event: Event, people: Registrant[]): string {
  const head = [
    '申込日時',
    '状態',
    'お名前',
    '会社名',
    '部署名',
    'メールアドレス',
    '電話番号',
    ...event.questions.map((q) => q.label),
    '同意した文面の版',
    '同意日時',
    '出席',
  ];
  const rows = people.map((p) => [
    p.createdAt,
    REGISTRATION_STATUS_LABELS[p.status],
    p.name,
    p.company,
    p.department,
    p.email,
    p.phone,
    ...event.questions.map((q) => p.answers[q.id] ?? ''),
    String(p.consentId),
    p.consentedAt,
    p.attendedAt ? '出席' : '',
  ]);
  return toCsv([head, ...rows]);
}
