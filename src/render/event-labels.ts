// What readers and the admin call an event's kind, state and a registration's status.
import type { EventKind, RegistrationStatus } from '../db/schema.ts';
import type { EventState } from '../events/state.ts';

export const EVENT_KINDS: Record<EventKind, string> = {
  seminar: 'セミナー',
  webinar: 'ウェビナー',
  ondemand: '見逃し配信（オンデマンド）',
  download: '資料ダウンロード',
};

export const STATE_LABELS: Record<EventState, string> = {
  before: '受付前',
  open: '受付中',
  waitlist: '満席（キャンセル待ち受付中）',
  full: '満席',
  closed: '受付終了',
  ended: '終了',
};

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  pending: '確認待ち',
  confirmed: '確定',
  waitlisted: 'キャンセル待ち',
};
