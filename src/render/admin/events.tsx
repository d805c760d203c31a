// The owner's side of events: the list, the edit form (with the privacy notice's parts) and
// the registrants (each view audited).
import type { JSX } from 'preact';
import type { SessionInfo } from '../../accounts/service.ts';
import type { RegistrationStatus } from '../../db/schema.ts';
import { EVENT_FILE_TYPES } from '../../events/files.ts';
import { EVENT_KINDS, REGISTRATION_STATUS_LABELS, STATE_LABELS } from '../event-labels.ts';
import { type Event } from '../../events/event.ts';
import { type EventState } from '../../events/state.ts';
import { type Registrant } from '../../events/registration.ts';
import { formatDateTime, localDateTimeInput, siteTimeZoneLabel } from '../../time.ts';
import { CsrfField, PostButton, renderAdmin, TableHead, TableScroll } from './layout.tsx';

type Messages = { notice?: string; error?: string };

export function renderEventList(
  styleUrl: string,
  session: SessionInfo,
  events: Array<Event & { state: EventState; counts: Record<RegistrationStatus, number> }>,
  messages: Messages = {},
): string {
  return renderAdmin(
    { title: 'イベント', styleUrl, session, ...messages },
    <>
      <p>
        <a href="/admin/events/new">新しいイベント</a>
      </p>
      <table class="admin-table">
        <TableHead columns={['タイトル', '種類', '日時', '公開', '受付', '申込（確定 / 確認待ち / キャンセル待ち）']} />
        <tbody>
          {events.map((e) => (
            <tr>
              <td>
                <a href={`/admin/events/${e.id}`}>{e.title}</a>
              </td>
              <td>{EVENT_KINDS[e.kind]}</td>
              <td>{e.starts_at ? formatDateTime(e.starts_at) : '—'}</td>
              <td>{e.status === 'published' ? '公開' : '下書き'}</td>
              <td>{STATE_LABELS[e.state]}</td>
              <td>
                <a href={`/admin/events/${e.id}/registrants`}>
                  {e.counts.confirmed} / {e.counts.pending} / {e.counts.waitlisted}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
  );
}

export interface EventFormValues {
  slug?: string;
  kind?: string;
  status?: string;
  title?: string;
  description?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  capacity?: string;
  waitlist?: boolean;
  opensAt?: string;
  closesAt?: string;
  joinUrl?: string;
  videoUrl?: string;
  questions?: string;
  purpose?: string;
  providedTo?: string;
  retentionDays?: string;
  contact?: string;
  accessDays?: string;
  fileName?: string | null;
}

/** The form's values from a saved event (times in the site's zone for the inputs). */
export function formValuesOf(e: Event): EventFormValues {
  return {
    slug: e.slug,
    kind: e.kind,
    status: e.status,
    title: e.title,
    description: e.description,
    startsAt: localDateTimeInput(e.starts_at),
    endsAt: localDateTimeInput(e.ends_at),
    place: e.place,
    capacity: e.capacity === null ? '' : String(e.capacity),
    waitlist: e.waitlist,
    opensAt: localDateTimeInput(e.opens_at),
    closesAt: localDateTimeInput(e.closes_at),
    joinUrl: e.join_url,
    videoUrl: e.video_url,
    questions: e.questions.map((q) => `${q.required ? '*' : ''}${q.label}`).join('\n'),
    purpose: e.purpose,
    providedTo: e.provided_to,
    retentionDays: String(e.retention_days),
    contact: e.contact,
    accessDays: String(e.access_days),
    fileName: e.file_name,
  };
}

function Input({
  name,
  label,
  value,
  type = 'text',
  required = false,
  hint,
  maxLength = 500,
}: {
  name: keyof EventFormValues;
  label: string;
  value?: string | null;
  type?: string;
  required?: boolean;
  hint?: string;
  maxLength?: number;
}): JSX.Element {
  return (
    <>
      <label for={`e-${name}`}>{label}</label>
      <input
        id={`e-${name}`}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        maxLength={type === 'text' || type === 'url' ? maxLength : undefined}
      />
      {hint ? <small>{hint}</small> : null}
    </>
  );
}

function Area({
  name,
  label,
  value,
  rows = 3,
  required = false,
  hint,
}: {
  name: keyof EventFormValues;
  label: string;
  value?: string;
  rows?: number;
  required?: boolean;
  hint?: string;
}): JSX.Element {
  return (
    <>
      <label for={`e-${name}`}>{label}</label>
      <textarea id={`e-${name}`} name={name} rows={rows} required={required}>
        {value ?? ''}
      </textarea>
      {hint ? <small>{hint}</small> : null}
    </>
  );
}

export function renderEventForm(
  styleUrl: string,
  session: SessionInfo,
  id: number | undefined,
  v: EventFormValues,
  messages: Messages = {},
): string {
  // The token rides in the address too, so the upload is refused before its body is read.
  const action = `${id === undefined ? '/admin/events' : `/admin/events/${id}`}?_csrf=${session.csrfToken}`;
  return renderAdmin(
    { title: id === undefined ? '新しいイベント' : `イベントの編集: ${v.title ?? ''}`, styleUrl, session, ...messages },
    <>
      {id !== undefined ? (
        <p>
          <a href={`/events/${encodeURIComponent(v.slug ?? '')}`}>公開ページ</a> ・ <a href={`/admin/events/${id}/registrants`}>申込者</a>{' '}
          ・ 記事からは <code>::cta{`{label="申し込む" url="/events/${v.slug ?? ''}"}`}</code> で案内できます（受付状況が横に出ます）。
        </p>
      ) : null}
      <form method="post" action={action} enctype="multipart/form-data" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <fieldset>
          <legend>イベント</legend>
          <label for="e-kind">種類</label>
          <select id="e-kind" name="kind">
            {Object.entries(EVENT_KINDS).map(([k, label]) => (
              <option value={k} selected={v.kind === k}>
                {label}
              </option>
            ))}
          </select>
          <Input name="title" label="タイトル" value={v.title} required maxLength={200} />
          <Input
            name="slug"
            label="スラッグ（URL: /events/スラッグ）"
            value={v.slug}
            required
            maxLength={80}
            hint="半角英小文字・数字・-"
          />
          <Area name="description" label="説明" value={v.description} rows={6} />
          <Input
            name="startsAt"
            label="開始日時"
            type="datetime-local"
            value={v.startsAt}
            hint={`セミナー・ウェビナーでは必須（${siteTimeZoneLabel()}）`}
          />
          <Input name="endsAt" label="終了日時" type="datetime-local" value={v.endsAt} />
          <Input name="place" label="会場（セミナー）" value={v.place} />
          <Input name="capacity" label="定員（空欄は制限なし）" type="number" value={v.capacity} />
          <label>
            <input type="checkbox" name="waitlist" value="yes" checked={v.waitlist} /> 満席のあとはキャンセル待ちを受け付ける
          </label>
          <Input name="opensAt" label="受付開始" type="datetime-local" value={v.opensAt} />
          <Input
            name="closesAt"
            label="受付終了"
            type="datetime-local"
            value={v.closesAt}
            hint="空欄なら、日時のあるイベントは開始時刻まで"
          />
          <Input
            name="joinUrl"
            label="ウェビナーの参加用URL（確定した申込者だけに示します）"
            type="url"
            value={v.joinUrl}
            maxLength={2000}
          />
          <Input
            name="videoUrl"
            label="見逃し配信の動画URL（確定した申込者だけに示します）"
            type="url"
            value={v.videoUrl}
            maxLength={2000}
          />
          <label for="e-file">配布するファイル（資料ダウンロード）</label>
          <input id="e-file" name="file" type="file" accept={EVENT_FILE_TYPES.join(',')} />
          {v.fileName ? (
            <small>いまのファイル: {v.fileName}（選び直すと置き換わります）</small>
          ) : (
            <small>{EVENT_FILE_TYPES.join(' ')}</small>
          )}
          <Input name="accessDays" label="申込者のリンクの有効日数" type="number" value={v.accessDays ?? '30'} />
          <Area name="questions" label="追加の質問（1行に1つ、* で始めると必須）" value={v.questions} rows={3} />
        </fieldset>
        <fieldset>
          <legend>個人情報の取り扱い（申込フォームの上に表示し、同意を得ます）</legend>
          <Area name="purpose" label="利用目的" value={v.purpose} required />
          <Area name="providedTo" label="第三者への提供（共催者など。なければ空欄）" value={v.providedTo} />
          <Input name="retentionDays" label="保存期間（終了後の日数）" type="number" value={v.retentionDays ?? '365'} required />
          <Area name="contact" label="開示・訂正・削除の窓口" value={v.contact} required />
          <small>文面を変えると新しい版として記録され、それ以降の申込者には新しい版への同意が記録されます。</small>
        </fieldset>
        <label for="e-status">公開</label>
        <select id="e-status" name="status">
          <option value="draft" selected={v.status !== 'published'}>
            下書き
          </option>
          <option value="published" selected={v.status === 'published'}>
            公開
          </option>
        </select>
        <button type="submit">保存する</button>
      </form>
      {id !== undefined ? (
        <PostButton action={`/admin/events/${id}/delete`} token={session.csrfToken} label="このイベントと申込者の記録を削除" danger />
      ) : null}
    </>,
  );
}

export function renderRegistrants(styleUrl: string, session: SessionInfo, e: Event, people: Registrant[], messages: Messages = {}): string {
  return renderAdmin(
    { title: `申込者: ${e.title}`, styleUrl, session, ...messages },
    <>
      <p class="admin-warning">個人情報です。この画面を開いたこと、CSVを書き出したことは監査ログに記録されます。</p>
      <p>
        <a href={`/admin/events/${e.id}/registrants.csv`}>CSV（Excel用）を書き出す</a> ・ {people.length}件
      </p>
      <TableScroll label="申込者の表">
        <table class="admin-table">
          <TableHead
            columns={[
              '申込日時',
              '状態',
              'お名前',
              '会社名',
              '部署名',
              'メールアドレス',
              '電話番号',
              ...e.questions.map((q) => q.label),
              '同意（版・日時）',
              '出席',
            ]}
          />
          <tbody>
            {people.map((p) => (
              <tr>
                <td>{formatDateTime(p.createdAt)}</td>
                <td>{REGISTRATION_STATUS_LABELS[p.status]}</td>
                <td>{p.name}</td>
                <td>{p.company}</td>
                <td>{p.department}</td>
                <td>{p.email}</td>
                <td>{p.phone}</td>
                {e.questions.map((q) => (
                  <td>{p.answers[q.id] ?? ''}</td>
                ))}
                <td>
                  第{p.consentId}版 {formatDateTime(p.consentedAt)}
                </td>
                <td>
                  <form method="post" action={`/admin/events/${e.id}/registrants/${p.id}/attendance`}>
                    <CsrfField token={session.csrfToken} />
                    <input type="hidden" name="attended" value={p.attendedAt ? 'no' : 'yes'} />
                    <button type="submit" aria-label={`${p.name}さんを${p.attendedAt ? '欠席' : '出席'}にする`}>
                      {p.attendedAt ? '出席 ✓' : '未'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>,
  );
}
