// The compliance tools in the admin: the incident log (list, new from a triage, one incident
// with its progress), the deadlines panel of the front page, and the SoA versions kept as
// client templates (upload, download, attach to an event).
import type { JSX } from 'preact';
import type { SessionInfo } from '../../accounts/service.ts';
import type { Deadline, Incident } from '../../tools/incidents.ts';
import { formatJapaneseDate } from '../../tools/japan-calendar.ts';
import type { SoaVersion } from '../../tools/soa-versions.ts';
import { BreachFields, TriageResult, type BreachFormValues } from '../pages/breach-tool.tsx';
import { CsrfField, PostButton, renderAdmin, TableHead } from './layout.tsx';

const date = (d: string | null) => (d ? formatJapaneseDate(d) : '—');

/** Red when the deadline has passed, amber within three days. */
function urgency(due: string | null, done: boolean, today: string): string {
  if (!due || done) return '';
  if (due < today) return 'overdue';
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
  return due <= soon ? 'due-soon' : '';
}

export function DeadlinesPanel({ deadlines, today }: { deadlines: Deadline[]; today: string }): JSX.Element | null {
  if (!deadlines.length) return null;
  return (
    <section class="admin-deadlines" aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading">漏えい等報告の期限</h2>
      <table class="admin-table">
        <TableHead columns={['インシデント', '発覚日', '速報（目安の最終日）', '確報の期限', '本人通知']} />
        <tbody>
          {deadlines.map((d) => (
            <tr>
              <td>
                <a href={`/admin/incidents/${d.id}`}>#{d.id}</a>
              </td>
              <td>{date(d.learnedOn)}</td>
              <td class={urgency(d.preliminaryDue, d.preliminaryDone, today)}>{d.preliminaryDone ? '済み' : date(d.preliminaryDue)}</td>
              <td class={urgency(d.finalDue, d.finalDone, today)}>{d.finalDone ? '済み' : date(d.finalDue)}</td>
              <td>{d.notifyPending ? '未' : '済み・不要'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function renderIncidentList(styleUrl: string, session: SessionInfo, incidents: Incident[], today: string, notice?: string): string {
  return renderAdmin(
    { title: 'インシデント', styleUrl, session, notice },
    <>
      <p>
        <a class="button" href="/admin/incidents/new">
          判定してインシデントを記録する
        </a>
      </p>
      <p class="hint">件名・メモ・判定の内容は暗号化して保存しています。開くたびに監査ログに記録されます。</p>
      {incidents.length ? (
        <table class="admin-table">
          <TableHead columns={['件名', '発覚日', '判定', '速報', '確報', '本人通知', '状態']} />
          <tbody>
            {incidents.map((i) => (
              <tr>
                <td>
                  <a href={`/admin/incidents/${i.id}`}>{i.title}</a>
                </td>
                <td>{date(i.learnedOn)}</td>
                <td>{i.result.reportable ? `報告対象（${i.result.grounds.join('、')}）` : '対象外'}</td>
                <td class={urgency(i.result.preliminary_due?.to ?? null, Boolean(i.preliminaryDoneOn), today)}>
                  {i.preliminaryDoneOn
                    ? `済 ${date(i.preliminaryDoneOn)}`
                    : i.result.reportable
                      ? `〜${date(i.result.preliminary_due!.to)}`
                      : '—'}
                </td>
                <td class={urgency(i.result.final_due, Boolean(i.finalDoneOn), today)}>
                  {i.finalDoneOn ? `済 ${date(i.finalDoneOn)}` : date(i.result.final_due)}
                </td>
                <td>{i.notifiedOn ? `済 ${date(i.notifiedOn)}` : i.result.notify_individuals ? '未' : '—'}</td>
                <td>{i.closed ? '完了' : '対応中'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>記録したインシデントはありません。</p>
      )}
      <form method="post" action="/admin/incidents/export" class="admin-export">
        <CsrfField token={session.csrfToken} />
        <button type="submit">すべて書き出す（JSON、監査ログに記録）</button>
      </form>
    </>,
  );
}

export function renderIncidentForm(
  styleUrl: string,
  session: SessionInfo,
  values: BreachFormValues & { title?: string; notes?: string },
  error?: string,
): string {
  return renderAdmin(
    { title: 'インシデントを記録する', styleUrl, session, error },
    <form method="post" action="/admin/incidents" class="admin-form tool-form">
      <CsrfField token={session.csrfToken} />
      <div class="form-field">
        <label for="title">件名</label>
        <input id="title" name="title" type="text" required maxLength={200} value={values.title ?? ''} />
      </div>
      <BreachFields values={values} />
      <div class="form-field">
        <label for="notes">メモ（経緯、連絡先など）</label>
        <textarea id="notes" name="notes" rows={6} maxLength={20000}>
          {values.notes ?? ''}
        </textarea>
      </div>
      <button type="submit">判定して記録する</button>
    </form>,
  );
}

export function renderIncident(
  styleUrl: string,
  session: SessionInfo,
  i: Incident,
  opts: { notice?: string; error?: string } = {},
): string {
  return renderAdmin(
    { title: i.title, styleUrl, session, ...opts },
    <>
      <TriageResult t={i.result} learnedOn={i.learnedOn} event={i.input.event} />
      <form method="post" action={`/admin/incidents/${i.id}`} class="admin-form">
        <CsrfField token={session.csrfToken} />
        <h2>対応の記録</h2>
        <div class="form-field">
          <label for="title">件名</label>
          <input id="title" name="title" type="text" required maxLength={200} value={i.title} />
        </div>
        <div class="form-field">
          <label for="preliminary_done_on">速報を報告した日</label>
          <input id="preliminary_done_on" name="preliminary_done_on" type="date" value={i.preliminaryDoneOn ?? ''} />
        </div>
        <div class="form-field">
          <label for="final_done_on">確報を報告した日</label>
          <input id="final_done_on" name="final_done_on" type="date" value={i.finalDoneOn ?? ''} />
        </div>
        <div class="form-field">
          <label for="notified_on">本人に通知した日（または代替措置の日）</label>
          <input id="notified_on" name="notified_on" type="date" value={i.notifiedOn ?? ''} />
        </div>
        <div class="form-field">
          <label for="notes">メモ</label>
          <textarea id="notes" name="notes" rows={6} maxLength={20000}>
            {i.notes}
          </textarea>
        </div>
        <label>
          <input type="checkbox" name="closed" value="yes" checked={i.closed} /> 対応を完了した
        </label>
        <p>
          <button type="submit">保存する</button>
        </p>
      </form>
      <PostButton action={`/admin/incidents/${i.id}/delete`} token={session.csrfToken} label="このインシデントを削除する" danger />
    </>,
  );
}

export function renderSoaVersions(
  styleUrl: string,
  session: SessionInfo,
  versions: Array<Omit<SoaVersion, 'entries'>>,
  events: Array<{ id: number; title: string }>,
  opts: { notice?: string; error?: string } = {},
): string {
  return renderAdmin(
    { title: '適用宣言書のテンプレート', styleUrl, session, ...opts },
    <>
      <p class="hint">
        <a href="/tools/soa">適用宣言書ビルダー</a>で作った Excel ファイル（Excel
        で直したものも可）を、顧客向けのテンプレートとして版ごとに保存できます。保存した版は Excel
        で取り出したり、イベント（資料ダウンロード）の配布ファイルにしたりできます。
      </p>
      {/* The token rides in the address too, so the upload is refused before its body is read. */}
      <form method="post" action={`/admin/soa?_csrf=${session.csrfToken}`} encType="multipart/form-data" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <div class="form-field">
          <label for="soa-name">テンプレートの名前</label>
          <input id="soa-name" name="name" type="text" required maxLength={200} />
        </div>
        <div class="form-field">
          <label for="soa-file">Excel ファイル（.xlsx、2 MB まで）</label>
          <input id="soa-file" name="file" type="file" accept=".xlsx" required />
        </div>
        <button type="submit">版として保存する</button>
      </form>
      {versions.length ? (
        <table class="admin-table">
          <TableHead columns={['名前', '版', '組織名', '保存日時', 'Excel', 'イベントの配布ファイルにする']} actions />
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>{v.name}</td>
                <td>{v.version}</td>
                <td>{v.organisation}</td>
                <td>{v.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  <a href={`/admin/soa/${v.id}/xlsx`}>ダウンロード</a>
                </td>
                <td>
                  {events.length ? (
                    <form method="post" action={`/admin/soa/${v.id}/attach`}>
                      <CsrfField token={session.csrfToken} />
                      <label for={`event-${v.id}`} class="visually-hidden">
                        イベント
                      </label>
                      <select id={`event-${v.id}`} name="event_id">
                        {events.map((e) => (
                          <option value={String(e.id)}>{e.title}</option>
                        ))}
                      </select>
                      <button type="submit">配布する</button>
                    </form>
                  ) : (
                    'イベントがありません'
                  )}
                </td>
                <td>
                  <PostButton action={`/admin/soa/${v.id}/delete`} token={session.csrfToken} label="削除" danger />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>保存した版はありません。</p>
      )}
    </>,
  );
}
