// /tools/soa: the Statement of Applicability builder for readers. A plain form of the 93
// controls (works without JavaScript: filter with the GET form, download with the POST one);
// with JavaScript, public/soa.js keeps the draft in the browser's own storage and filters
// without reloading. Nothing is stored on the server.
import type { JSX } from 'preact';
import { attributeKinds, controls, labelOf, themes, type Control } from '../../tools/soa-controls.ts';
import { implementationStates, type SoaEntry } from '../../tools/soa.ts';
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';
import { toolCards } from '../../content/tool-card.tsx';

export interface SoaFormValues {
  organisation: string;
  scope: string;
  version: string;
  entries: SoaEntry[];
}

export interface SoaFilter {
  theme?: string;
  attr?: string;
}

export const attributeValues: string[] = [...new Set(controls.flatMap((c) => Object.values(c.attributes).flat()))];

export function matchesFilter(c: Control, f: SoaFilter): boolean {
  if (f.theme && c.theme !== f.theme) return false;
  if (f.attr && !Object.values(c.attributes).some((v) => v.includes(f.attr!))) return false;
  return true;
}

function FilterForm({ filter }: { filter: SoaFilter }): JSX.Element {
  return (
    <form class="soa-filter" method="get" action="/tools/soa" aria-label="管理策の絞り込み">
      <div class="form-field">
        <label for="filter-theme">テーマ</label>
        <select id="filter-theme" name="theme">
          <option value="">すべて</option>
          {themes.map((t) => (
            <option value={t.id} selected={filter.theme === t.id}>
              {t.id} {t.ja}
            </option>
          ))}
        </select>
      </div>
      <div class="form-field">
        <label for="filter-attr">属性（ISO/IEC 27002:2022）</label>
        <select id="filter-attr" name="attr">
          <option value="">すべて</option>
          {attributeKinds.map((k) => (
            <optgroup label={k.ja}>
              {[...new Set(controls.flatMap((c) => c.attributes[k.key]))].map((v) => (
                <option value={v} selected={filter.attr === v}>
                  {labelOf(v)}（{v.replace(/_/g, ' ')}）
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <button type="submit">絞り込む</button>
    </form>
  );
}

function ControlFields({ c, entry, hidden }: { c: Control; entry: SoaEntry | undefined; hidden: boolean }): JSX.Element {
  const id = c.id;
  const attrs = Object.values(c.attributes).flat();
  return (
    <fieldset class="soa-control" id={`control-${id}`} data-theme={c.theme} data-attrs={attrs.join(' ')} hidden={hidden}>
      <legend>
        <span class="soa-id">{id}</span> {c.title.ja}
        {c.isNew ? <span class="soa-new">2022年版で新設</span> : null}
        <span class="soa-en" lang="en">
          {c.title.en}
        </span>
      </legend>
      <p class="soa-attrs">
        {attributeKinds.map((k) => (
          <span>
            {k.ja}: {c.attributes[k.key].map(labelOf).join('・')}
          </span>
        ))}
      </p>
      <div class="soa-grid">
        <div class="form-field">
          <label for={`applicable-${id}`}>適用</label>
          <select id={`applicable-${id}`} name={`applicable_${id}`}>
            <option value="">未決定</option>
            <option value="yes" selected={entry?.applicable === true}>
              適用
            </option>
            <option value="no" selected={entry?.applicable === false}>
              除外
            </option>
          </select>
        </div>
        <div class="form-field">
          <label for={`implemented-${id}`}>実施状況</label>
          <select id={`implemented-${id}`} name={`implemented_${id}`}>
            <option value="">—</option>
            {Object.entries(implementationStates).map(([v, label]) => (
              <option value={v} selected={entry?.implemented === v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="form-field">
          <label for={`owner-${id}`}>責任者</label>
          <input id={`owner-${id}`} name={`owner_${id}`} type="text" maxLength={200} value={entry?.owner ?? ''} />
        </div>
      </div>
      <div class="form-field">
        <label for={`justification-${id}`}>適用・除外の理由</label>
        <textarea id={`justification-${id}`} name={`justification_${id}`} rows={2} maxLength={2000}>
          {entry?.justification ?? ''}
        </textarea>
      </div>
      <div class="form-field">
        <label for={`evidence-${id}`}>証拠・関連文書（リンクも可）</label>
        <textarea id={`evidence-${id}`} name={`evidence_${id}`} rows={2} maxLength={2000}>
          {entry?.evidence ?? ''}
        </textarea>
      </div>
    </fieldset>
  );
}

export function renderSoaTool(
  site: SiteContext,
  opts: {
    values?: SoaFormValues;
    filter?: SoaFilter;
    error?: string;
    notice?: string;
    imported?: boolean;
    styleUrls: string[];
    scriptUrls: string[];
  },
): string {
  const card = toolCards.soa;
  const filter = opts.filter ?? {};
  const values = opts.values ?? { organisation: '', scope: '', version: '1.0', entries: [] };
  const byId = new Map(values.entries.map((e) => [e.id, e]));
  const filtered = Boolean(filter.theme || filter.attr);
  const shown = controls.filter((c) => matchesFilter(c, filter)).length;
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: card.title,
        description: card.lead,
        path: '/tools/soa',
        stylesheets: opts.styleUrls,
        scripts: opts.scriptUrls,
        noindex: filtered,
      }}
      withSidebar={false}
    >
      <article class="tool-page soa-tool">
        <h1>{card.title}</h1>
        <p class="lead">
          ISO/IEC 27001:2022
          附属書Aの93の管理策（組織的37・人的8・物理的14・技術的34）について、適用するか、その理由、実施状況、責任者、証拠を入力し、審査向けの
          Excel ファイル（表紙、管理策ごとの行、2013年版との対応表）としてダウンロードできます。
        </p>
        <p class="privacy-notice">
          <strong>入力した内容はサーバーに保存しません。</strong>
          JavaScript
          が有効なら、下書きはこのブラウザーの中だけに保存されます。ダウンロードのときだけ内容を送り、ファイルを作ってそのまま返します。
        </p>
        {opts.notice ? (
          <p class="notice" role="status">
            {opts.notice}
          </p>
        ) : null}
        <section class="soa-import" aria-labelledby="import-heading">
          <h2 id="import-heading">作ったファイルを読み込む</h2>
          <form method="post" action="/tools/soa/import" encType="multipart/form-data">
            <div class="form-field">
              <label for="soa-file">このページで作った .xlsx ファイル（2 MB まで）</label>
              <input
                id="soa-file"
                name="file"
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
              />
            </div>
            <button type="submit">読み込む</button>
          </form>
        </section>
        <h2>管理策</h2>
        <FilterForm filter={filter} />
        <p class="hint" id="soa-count" aria-live="polite">
          {filtered
            ? `${shown}件の管理策を表示しています。表示していない管理策は「未決定」としてファイルに載ります。`
            : `${controls.length}件の管理策をすべて表示しています。`}
        </p>
        <form class="tool-form soa-form" method="post" action="/tools/soa/xlsx" data-imported={opts.imported ? 'true' : undefined}>
          {opts.error ? (
            <p class="form-error" role="alert">
              {opts.error}
            </p>
          ) : null}
          <div class="form-field">
            <label for="organisation">
              組織名<span class="required">必須</span>
            </label>
            <input
              id="organisation"
              name="organisation"
              type="text"
              required
              maxLength={200}
              value={values.organisation}
              autoComplete="organization"
            />
          </div>
          <div class="form-field">
            <label for="scope">適用範囲</label>
            <textarea id="scope" name="scope" rows={2} maxLength={2000}>
              {values.scope}
            </textarea>
          </div>
          <div class="form-field">
            <label for="version">版</label>
            <input id="version" name="version" type="text" maxLength={40} value={values.version} />
          </div>
          {themes.map((t) => {
            const list = controls.filter((c) => c.theme === t.id);
            const visible = list.filter((c) => matchesFilter(c, filter));
            if (filtered && !visible.length) return null;
            return (
              <section class="soa-theme" data-theme={t.id}>
                <h3>
                  {t.id} {t.ja}（{list.length}）
                </h3>
                {(filtered ? visible : list).map((c) => (
                  <ControlFields c={c} entry={byId.get(c.id)} hidden={false} />
                ))}
              </section>
            );
          })}
          <p class="soa-actions">
            <button type="submit" class="button-primary">
              Excel でダウンロード
            </button>
            <button type="button" class="soa-clear" hidden>
              下書きを消す
            </button>
          </p>
        </form>
      </article>
    </Layout>,
  );
}
