// /tools/breach: the 漏えい等報告 triage for readers. A plain form (works without JavaScript);
// the answer comes back on the same page, printable, with the article behind every sentence.
// Nothing typed here is stored — the page says so.
import type { JSX } from 'preact';
import { breachEvents, dayCountingRule, reportContents, type Triage } from '../../tools/breach.ts';
import { formatJapaneseDate } from '../../tools/japan-calendar.ts';
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';
import { toolCards } from '../../content/tool-card.tsx';

/** What the form sends back, as typed (strings and ticks), so a page with an error keeps it. */
export interface BreachFormValues {
  learned_on?: string;
  event?: string;
  people?: string;
  suspected_only?: boolean;
  sensitive?: boolean;
  financial_harm?: boolean;
  malicious?: boolean;
  encrypted?: boolean;
  key_leaked?: boolean;
  entrusted?: boolean;
  my_number?: boolean;
}

const checks: Array<{ name: keyof BreachFormValues; label: string; hint: string }> = [
  {
    name: 'suspected_only',
    label: '漏えい等が確定しておらず、おそれがある段階である',
    hint: '確定していなくても、おそれがあれば報告の対象になりえます。',
  },
  { name: 'sensitive', label: '要配慮個人情報を含む', hint: '病歴、健康診断の結果、犯罪の経歴、人種、信条など。' },
  {
    name: 'financial_harm',
    label: '不正に使われると財産的被害が生じるおそれがある情報を含む',
    hint: 'クレジットカード番号、ネットバンキングのIDとパスワードなど。',
  },
  {
    name: 'malicious',
    label: '不正の目的によるおそれがある',
    hint: '不正アクセス、ランサムウェア、盗難、従業員の持ち出しなど。入力フォームの改ざんで、送信前の個人情報が盗まれた場合も含みます（2024年4月の改正）。',
  },
  { name: 'encrypted', label: '高度な暗号化などで保護されていた', hint: '安全な方式で暗号化され、鍵が別に管理されていた場合です。' },
  { name: 'key_leaked', label: '復号の鍵も漏れた（またはそのおそれがある）', hint: '鍵も漏れたなら、暗号化による除外は使えません。' },
  { name: 'entrusted', label: '他社から委託を受けて扱っている個人データである（自社は委託先）', hint: '' },
  { name: 'my_number', label: 'マイナンバー（特定個人情報）を含む', hint: '番号法の基準（100人を超えるなど）でも判定します。' },
];

function BreachForm({ values, error }: { values: BreachFormValues; error?: string }): JSX.Element {
  return (
    <form class="tool-form breach-form" method="post" action="/tools/breach">
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <BreachFields values={values} />
      <p>
        <button type="submit" class="button-primary">
          判定する
        </button>
      </p>
    </form>
  );
}

/** The triage's questions, shared by the reader's page and the admin's incident form. */
export function BreachFields({ values }: { values: BreachFormValues }): JSX.Element {
  return (
    <>
      <div class="form-field">
        <label for="learned_on">
          発覚日（事態を知った日）<span class="required">必須</span>
        </label>
        <input id="learned_on" name="learned_on" type="date" required value={values.learned_on ?? ''} min="2022-04-01" max="2099-12-31" />
        <small>社内のだれかが知った日です。管理部門に上がった日ではありません。</small>
      </div>
      <fieldset class="form-field">
        <legend>
          起きたこと<span class="required">必須</span>
        </legend>
        {Object.entries(breachEvents).map(([value, label]) => (
          <label class="choice">
            <input type="radio" name="event" value={value} required checked={(values.event ?? 'leak') === value} /> {label}
          </label>
        ))}
      </fieldset>
      <div class="form-field">
        <label for="people">
          本人の数（人）<span class="required">必須</span>
        </label>
        <input
          id="people"
          name="people"
          type="text"
          inputMode="numeric"
          required
          value={values.people ?? ''}
          maxLength={14}
          autoComplete="off"
        />
        <small>分からないときは、おそれのある最大の数を入れてください。</small>
      </div>
      <fieldset class="form-field">
        <legend>当てはまるもの</legend>
        {checks.map((c) => (
          <label class="choice">
            <input type="checkbox" name={c.name} value="yes" checked={values[c.name] === true} /> {c.label}
            {c.hint ? <small class="choice-hint">{c.hint}</small> : null}
          </label>
        ))}
      </fieldset>
    </>
  );
}

function groundsLabel(grounds: string[]): string {
  const pipa = grounds.filter((g) => /^\d号$/.test(g));
  const mn = grounds.filter((g) => g.startsWith('番号法')).map((g) => g.replace('番号法規則2条', ''));
  return [pipa.length ? `個人情報保護法施行規則7条 ${pipa.join('・')}` : '', mn.length ? `番号法規則2条 ${mn.join('・')}` : '']
    .filter(Boolean)
    .join('／');
}

/** The verdict, the dates, the reasons with their articles, and the report checklist. */
export function TriageResult({ t, learnedOn, event }: { t: Triage; learnedOn: string; event: string }): JSX.Element {
  return (
    <section class="tool-result" aria-labelledby="result-heading">
      <h2 id="result-heading" class={t.reportable ? 'verdict verdict-report' : 'verdict verdict-none'}>
        {t.reportable ? `報告対象です（${t.grounds.join('、')}）` : '報告対象事態には当たりません'}
      </h2>
      <dl class="tool-facts">
        <dt>発覚日</dt>
        <dd>{formatJapaneseDate(learnedOn)}</dd>
        <dt>事態</dt>
        <dd>{breachEvents[event as keyof typeof breachEvents] ?? event}</dd>
        {t.reportable ? (
          <>
            <dt>根拠</dt>
            <dd>{groundsLabel(t.grounds)}</dd>
            <dt>速報（目安）</dt>
            <dd>
              <time datetime={t.preliminary_due!.from}>{formatJapaneseDate(t.preliminary_due!.from)}</time>〜
              <time datetime={t.preliminary_due!.to}>{formatJapaneseDate(t.preliminary_due!.to)}</time>
            </dd>
            <dt>確報の期限</dt>
            <dd>
              <time datetime={t.final_due!}>{formatJapaneseDate(t.final_due!)}</time>
            </dd>
            <dt>本人への通知</dt>
            <dd>{t.notify_individuals ? '必要（困難なときは公表などの代替措置）' : '不要'}</dd>
          </>
        ) : null}
      </dl>
      <h3>判定の理由</h3>
      <ul class="explanations">
        {t.explanations.map((e) => (
          <li>
            {e.text}
            <span class="basis">（{e.basis}）</span>
          </li>
        ))}
      </ul>
      {t.reportable ? (
        <>
          <h3>報告する事項（個人情報保護法施行規則8条1項）</h3>
          <p class="hint">速報では、その時点で分かっていることを報告します。確報ではすべてを報告します。</p>
          <ol class="checklist">
            {reportContents.map((item) => (
              <li>
                <span class="box" aria-hidden="true">
                  □
                </span>
                {item}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p class="hint">{dayCountingRule}</p>
    </section>
  );
}

export function renderBreachTool(
  site: SiteContext,
  opts: { values?: BreachFormValues; error?: string; result?: Triage; styleUrls: string[] },
): string {
  const card = toolCards.breach;
  return renderDocument(
    <Layout
      site={site}
      meta={{ title: card.title, description: card.lead, path: '/tools/breach', stylesheets: opts.styleUrls }}
      withSidebar={false}
    >
      <article class="tool-page breach-tool">
        <h1>{card.title}</h1>
        <p class="lead">
          個人データの漏えい・滅失・毀損（またはそのおそれ）が起きたとき、個人情報保護委員会への報告と本人への通知が必要か、期限はいつかを判定します。
        </p>
        <p class="privacy-notice">
          <strong>入力した内容は保存しません。</strong>
          判定はこのページを表示するためだけに使い、サーバーにも記録にも残しません。結果はブラウザーの印刷機能で印刷・PDF保存できます。
        </p>
        {opts.result && opts.values?.learned_on ? (
          <TriageResult t={opts.result} learnedOn={opts.values.learned_on} event={opts.values.event ?? 'leak'} />
        ) : null}
        <h2 class="form-heading">{opts.result ? '条件を変えて判定する' : '事態を入力する'}</h2>
        <BreachForm values={opts.values ?? {}} error={opts.error} />
        <p class="hint disclaimer">
          この判定は法令と個人情報保護委員会のガイドラインに沿った目安です。個別の事案では、委員会の最新の資料や専門家の助言もあわせて確認してください。
        </p>
      </article>
    </Layout>,
  );
}
