// In-place forms for the typed blocks (image, sources, call to action, timeline, raw HTML,
// divider) and the frames of commentary, addendum, note and code: ProseMirror node views.
// A form's fields are the node's attrs; typing in one updates them (one undo step per pause).
import type { Node } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';

export interface EditorContext {
  csrf: string;
  events: Array<{ slug: string; title: string }>;
  /** Remembers the block whose form has focus, for the toolbar's move/duplicate/delete. */
  focusBlock(pos: number): void;
  announce(message: string): void;
}

let counter = 0;
const uid = (name: string) => `ed-${name}-${++counter}`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: Array<Node | string | HTMLElement>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c as HTMLElement | string);
  return e;
}

function field(
  label: string,
  value: string,
  opts: { required?: boolean; multiline?: boolean; type?: string; hint?: string } = {},
): { wrap: HTMLElement; input: HTMLInputElement | HTMLTextAreaElement } {
  const id = uid('f');
  const input = opts.multiline ? el('textarea', { id, rows: '6', spellcheck: 'false' }) : el('input', { id, type: opts.type ?? 'text' });
  input.value = value;
  if (opts.required) {
    input.required = true;
    input.setAttribute('aria-required', 'true');
  }
  const wrap = el('div', { class: 'ed-field' }, el('label', { for: id, text: label }), input);
  if (opts.hint) {
    const hintId = uid('h');
    wrap.append(el('p', { class: 'hint', id: hintId, text: opts.hint }));
    input.setAttribute('aria-describedby', hintId);
  }
  return { wrap, input };
}

/** The frame every typed block shares: a labelled group, a title, the form. */
abstract class FormView implements NodeView {
  dom: HTMLElement;
  protected body: HTMLElement;
  constructor(
    protected node: Node,
    protected view: EditorView,
    protected getPos: () => number | undefined,
    protected ctx: EditorContext,
    title: string,
  ) {
    const titleId = uid('t');
    this.body = el('div', { class: 'ed-form' });
    this.dom = el(
      'div',
      { class: `ed-block ed-atom ed-${node.type.name}`, role: 'group', 'aria-labelledby': titleId, contenteditable: 'false' },
      el('p', { class: 'ed-block-title', id: titleId, text: title }),
      this.body,
    );
    this.dom.addEventListener('focusin', () => {
      const pos = this.getPos();
      if (pos !== undefined) this.ctx.focusBlock(pos);
    });
    this.render();
  }
  protected abstract render(): void;
  protected set(attrs: Record<string, unknown>): void {
    const pos = this.getPos();
    if (pos === undefined) return;
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, undefined, { ...this.node.attrs, ...attrs }));
  }
  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    const structural = this.structure(this.node) !== this.structure(node);
    this.node = node;
    if (structural && !this.dom.contains(document.activeElement)) {
      this.body.replaceChildren();
      this.render();
    } else if (structural) {
      const active = document.activeElement as HTMLElement | null;
      const key = active?.getAttribute('data-key');
      this.body.replaceChildren();
      this.render();
      if (key) (this.body.querySelector(`[data-key="${key}"]`) as HTMLElement | null)?.focus();
    } else this.refresh();
    return true;
  }
  /** What, when it changes, redraws the form (rows added or removed). */
  protected structure(node: Node): string {
    return node.type.name;
  }
  /** Puts attrs changed elsewhere (undo) into fields that do not have focus. */
  protected refresh(): void {
    for (const input of Array.from(this.body.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('[data-attr]'))) {
      if (input === document.activeElement) continue;
      const value = this.read(input.getAttribute('data-attr')!);
      if (input.value !== value) input.value = value;
    }
  }
  protected read(path: string): string {
    const [name, index, key] = path.split('.');
    const v = this.node.attrs[name!];
    if (index === undefined) return v == null ? '' : String(v);
    const row = (v as Array<Record<string, unknown>>)[Number(index)];
    return row ? String(row[key!] ?? '') : '';
  }
  protected bind(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, path: string): void {
    input.setAttribute('data-attr', path);
    input.setAttribute('data-key', path);
    input.addEventListener('input', () => {
      const [name, index, key] = path.split('.');
      if (index === undefined) this.set({ [name!]: input.value });
      else {
        const rows = (this.node.attrs[name!] as Array<Record<string, unknown>>).map((r) => ({ ...r }));
        rows[Number(index)]![key!] = input.value;
        this.set({ [name!]: rows });
      }
    });
  }
  stopEvent(e: Event): boolean {
    const t = e.target as HTMLElement | null;
    return (
      !!t &&
      t !== this.dom &&
      this.dom.contains(t) &&
      (/^(INPUT|TEXTAREA|SELECT|BUTTON|LABEL|OPTION)$/.test(t.tagName) || e.type.startsWith('drag') || e.type === 'drop')
    );
  }
  ignoreMutation(): boolean {
    return true;
  }
  selectNode(): void {
    this.dom.classList.add('ed-selected');
  }
  deselectNode(): void {
    this.dom.classList.remove('ed-selected');
  }
}

function rowsOf(node: Node, name: string): Array<Record<string, unknown>> {
  return (node.attrs[name] as Array<Record<string, unknown>>) ?? [];
}

class ImageView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, '画像');
  }
  protected override structure(node: Node): string {
    return `image:${String(node.attrs.src)}`;
  }
  protected render(): void {
    const src = String(this.node.attrs.src ?? '');
    const drop = el('div', { class: 'ed-drop' });
    if (src) drop.append(el('img', { src, alt: '', class: 'ed-image-preview' }));
    const fileId = uid('file');
    const file = el('input', { id: fileId, type: 'file', accept: 'image/*', class: 'ed-file' });
    const status = el('p', { class: 'hint', role: 'status' });
    drop.append(
      el('p', { text: src ? 'ここに画像をドロップすると差し替えます。' : 'ここに画像をドロップするか、貼り付けるか、選んでください。' }),
      el('label', { for: fileId, class: 'ed-file-label', text: 'パソコンから選ぶ' }),
      file,
    );
    const library = el('button', { type: 'button', class: 'secondary', text: 'メディアから選ぶ' });
    drop.append(library);
    const upload = (f: File) => {
      status.textContent = 'アップロードしています…';
      uploadImage(f, String(this.node.attrs.alt ?? ''), this.ctx.csrf).then(
        (m) => {
          status.textContent = '';
          this.set({ src: m.src, width: m.width, height: m.height, alt: String(this.node.attrs.alt ?? '') || m.alt });
          this.ctx.announce('画像をアップロードしました');
        },
        (err: Error) => {
          status.textContent = err.message;
        },
      );
    };
    file.addEventListener('change', () => file.files?.[0] && upload(file.files[0]));
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('ed-drag');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('ed-drag'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('ed-drag');
      const f = e.dataTransfer?.files?.[0];
      if (f) upload(f);
    });
    library.addEventListener('click', () =>
      openLibrary(library, (m) =>
        this.set({ src: m.src, width: m.width, height: m.height, alt: String(this.node.attrs.alt ?? '') || m.alt }),
      ),
    );
    const srcField = field('画像の URL', src);
    // Required once there is a picture (an empty image block is left out when saving).
    const alt = field('代替テキスト（必須：画像の内容を説明します）', this.read('alt'), { required: Boolean(src) });
    const caption = field('キャプション', this.read('caption'));
    const credit = field('出典表記', this.read('credit'), { hint: '例: 画像は同社のWebサイトより' });
    this.bind(srcField.input, 'src');
    this.bind(alt.input, 'alt');
    this.bind(caption.input, 'caption');
    this.bind(credit.input, 'credit');
    const markAlt = () => {
      alt.input.setAttribute('aria-invalid', src && !alt.input.value.trim() ? 'true' : 'false');
      alt.input.setCustomValidity('');
    };
    alt.input.addEventListener('input', markAlt);
    // The browser stops the save at this empty required field: say why, in plain Japanese.
    alt.input.addEventListener('invalid', () => {
      alt.input.setCustomValidity(ALT_MISSING);
      this.ctx.announce(ALT_MISSING);
    });
    markAlt();
    this.body.append(drop, status, srcField.wrap, alt.wrap, caption.wrap, credit.wrap);
  }
}

export const ALT_MISSING =
  '保存していません：代替テキスト（alt）のない画像があります。画像の内容を説明する文を入れてから保存してください。';

interface RowsSpec {
  title: string;
  attr: string;
  columns: Array<{ key: string; label: (i: number) => string; required?: boolean; type?: string }>;
  removeLabel: (i: number) => string;
  addLabel: string;
}

/** A block made of rows (sources, timeline): one set of fields per row, add and remove. */
class RowsView extends FormView {
  constructor(
    node: Node,
    view: EditorView,
    getPos: () => number | undefined,
    ctx: EditorContext,
    private spec: RowsSpec,
  ) {
    super(node, view, getPos, ctx, spec.title);
  }
  protected override structure(node: Node): string {
    return `${node.type.name}:${rowsOf(node, this.spec.attr).length}`;
  }
  protected render(): void {
    // render() runs from the base constructor too, before `spec` is set: read it from there.
    const spec = this.spec ?? rowSpecs[this.node.type.name]!;
    const count = rowsOf(this.node, spec.attr).length;
    const list = el('ol', { class: `ed-rows ed-${spec.attr}-rows` });
    for (let i = 0; i < count; i++) {
      const fields = spec.columns.map((col) => {
        const f = field(col.label(i), this.read(`${spec.attr}.${i}.${col.key}`), { required: col.required, type: col.type });
        this.bind(f.input, `${spec.attr}.${i}.${col.key}`);
        return f.wrap;
      });
      const remove = el('button', { type: 'button', class: 'secondary', text: spec.removeLabel(i), 'data-key': `remove-${i}` });
      remove.addEventListener('click', () => this.set({ [spec.attr]: rowsOf(this.node, spec.attr).filter((__, j) => j !== i) }));
      list.append(el('li', {}, ...fields, remove));
    }
    const add = el('button', { type: 'button', text: spec.addLabel, 'data-key': 'add' });
    add.addEventListener('click', () => {
      const empty = Object.fromEntries(spec.columns.map((col) => [col.key, '']));
      this.set({ [spec.attr]: [...rowsOf(this.node, spec.attr), empty] });
      (this.body.querySelector(`[data-key="${spec.attr}.${count}.${spec.columns[0]!.key}"]`) as HTMLElement | null)?.focus();
    });
    this.body.append(list, add);
  }
}

const rowSpecs: Record<string, RowsSpec> = {
  sources: {
    title: '出典',
    attr: 'items',
    columns: [
      { key: 'url', label: (i) => `出典${i + 1}の URL`, required: true, type: 'url' },
      { key: 'title', label: () => '題名' },
      { key: 'publisher', label: () => '発行元' },
    ],
    removeLabel: (i) => `出典${i + 1}を削除`,
    addLabel: '出典を追加',
  },
  timeline: {
    title: '時系列',
    attr: 'entries',
    columns: [
      { key: 'when', label: (i) => `${i + 1}行目のいつ`, required: true },
      { key: 'text', label: () => 'できごと', required: true },
    ],
    removeLabel: (i) => `${i + 1}行目を削除`,
    addLabel: '行を追加',
  },
};

class CtaView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, '申込ボタン');
  }
  protected render(): void {
    const label = field('ボタンの文言', this.read('label'), { required: true });
    const url = field('リンク先（URL か /events/…）', this.read('url'), { required: true });
    this.bind(label.input, 'label');
    this.bind(url.input, 'url');
    const eventId = uid('ev');
    const events = el('select', { id: eventId });
    events.append(el('option', { value: '', text: '（イベントを選ぶとリンク先に入ります）' }));
    for (const e of this.ctx.events) events.append(el('option', { value: `/events/${e.slug}`, text: e.title }));
    events.value = this.ctx.events.some((e) => `/events/${e.slug}` === this.node.attrs.url) ? String(this.node.attrs.url) : '';
    events.addEventListener('change', () => {
      if (!events.value) return;
      const chosen = this.ctx.events.find((e) => `/events/${e.slug}` === events.value);
      this.set({ url: events.value, label: String(this.node.attrs.label ?? '') || `${chosen?.title ?? ''}に申し込む` });
    });
    const styleId = uid('st');
    const style = el('select', { id: styleId });
    style.append(el('option', { value: 'primary', text: '目立つボタン' }), el('option', { value: 'secondary', text: '控えめなボタン' }));
    style.value = this.read('style') || 'primary';
    this.bind(style, 'style');
    style.addEventListener('change', () => this.set({ style: style.value }));
    this.body.append(
      label.wrap,
      url.wrap,
      el('div', { class: 'ed-field' }, el('label', { for: eventId, text: 'サイトのイベント' }), events),
      el('div', { class: 'ed-field' }, el('label', { for: styleId, text: 'ボタンの見た目' }), style),
    );
  }
}

class ToolView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, 'ツールへの案内');
  }
  protected render(): void {
    const id = uid('tool');
    const select = el('select', { id });
    select.append(
      el('option', { value: 'breach', text: '漏えい時の初動判定（/tools/breach）' }),
      el('option', { value: 'soa', text: '適用宣言書の作成（/tools/soa）' }),
    );
    select.value = this.read('name') || 'breach';
    this.bind(select, 'name');
    select.addEventListener('change', () => this.set({ name: select.value }));
    this.body.append(el('div', { class: 'ed-field' }, el('label', { for: id, text: 'ツール' }), select));
  }
}

/** A chart: kind, title, unit and caption here; its table of numbers in the ソース view. */
class ChartView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, 'グラフ');
  }
  private chart(): Record<string, unknown> {
    return (this.node.attrs.block as Record<string, unknown> | null) ?? {};
  }
  protected override refresh(): void {
    for (const input of Array.from(this.body.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-chart]'))) {
      if (input === document.activeElement) continue;
      const v = String(this.chart()[input.getAttribute('data-chart')!] ?? '');
      if (input.value !== v) input.value = v;
    }
  }
  protected render(): void {
    const change = (key: string, input: HTMLInputElement | HTMLSelectElement) => {
      input.setAttribute('data-chart', key);
      input.addEventListener('input', () => {
        const next: Record<string, unknown> = { ...this.chart(), [key]: input.value };
        if ((key === 'unit' || key === 'caption') && !input.value.trim()) delete next[key];
        this.set({ block: next });
      });
    };
    const kindId = uid('kind');
    const kind = el('select', { id: kindId });
    kind.append(el('option', { value: 'bar', text: '棒グラフ' }), el('option', { value: 'line', text: '折れ線グラフ' }));
    kind.value = String(this.chart().kind ?? 'bar');
    change('kind', kind);
    const fields = (['title', 'unit', 'caption'] as const).map((key) => {
      const f = field(key === 'title' ? 'グラフの題' : key === 'unit' ? '単位' : 'キャプション', String(this.chart()[key] ?? ''), {
        required: key === 'title',
      });
      change(key, f.input as HTMLInputElement);
      return f.wrap;
    });
    const labels = (this.chart().labels as string[] | undefined) ?? [];
    const series = (this.chart().series as Array<{ name: string }> | undefined) ?? [];
    this.body.append(
      el('div', { class: 'ed-field' }, el('label', { for: kindId, text: 'グラフの種類' }), kind),
      ...fields,
      el('p', {
        class: 'hint',
        text: `数値の表（${labels.length}行 × ${series.map((x) => x.name).join('・')}）は「ソース」表示で編集します。`,
      }),
    );
  }
}

class HtmlView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, 'HTML');
  }
  protected render(): void {
    const html = field('HTML（保存のときに安全なタグだけが残ります）', this.read('html'), { multiline: true });
    this.bind(html.input, 'html');
    this.body.append(html.wrap);
  }
}

class DividerView extends FormView {
  constructor(node: Node, view: EditorView, getPos: () => number | undefined, ctx: EditorContext) {
    super(node, view, getPos, ctx, '区切り線');
  }
  protected render(): void {
    this.body.append(el('hr'));
  }
}

/** A block holding other blocks (commentary, addendum, note) or code: a title, then its content. */
class FrameView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private header: HTMLElement;
  constructor(
    private node: Node,
    private view: EditorView,
    private getPos: () => number | undefined,
    ctx: EditorContext,
  ) {
    const name = node.type.name;
    const titleId = uid('t');
    const titles: Record<string, string> = { commentary: '私のコメント', addendum: '追記', note: '注記', code_block: 'コード' };
    this.header = el(
      'div',
      { class: 'ed-frame-header', contenteditable: 'false' },
      el('p', { class: 'ed-block-title', id: titleId, text: titles[name] ?? name }),
    );
    this.contentDOM = name === 'code_block' ? el('code') : el('div', { class: 'ed-frame-body' });
    const body = name === 'code_block' ? el('pre', {}, this.contentDOM) : this.contentDOM;
    this.dom = el('section', { class: `ed-block ed-frame ed-${name}`, 'aria-labelledby': titleId }, this.header, body);
    const attr = name === 'addendum' ? 'date' : name === 'code_block' ? 'language' : undefined;
    if (attr) {
      const f = field(attr === 'date' ? '追記の日付' : '言語（任意）', String(node.attrs[attr] ?? ''), {
        type: attr === 'date' ? 'date' : 'text',
        required: attr === 'date',
      });
      f.input.setAttribute('data-attr', attr);
      f.input.addEventListener('input', () => {
        const pos = this.getPos();
        if (pos !== undefined)
          this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, undefined, { ...this.node.attrs, [attr]: f.input.value }));
      });
      f.input.addEventListener('focus', () => {
        const pos = this.getPos();
        if (pos !== undefined) ctx.focusBlock(pos);
      });
      this.header.append(f.wrap);
    }
  }
  update(node: Node): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    const input = this.header.querySelector<HTMLInputElement>('[data-attr]');
    if (input && input !== document.activeElement) {
      const v = String(node.attrs[input.getAttribute('data-attr')!] ?? '');
      if (input.value !== v) input.value = v;
    }
    return true;
  }
  stopEvent(e: Event): boolean {
    return this.header.contains(e.target as HTMLElement);
  }
  ignoreMutation(m: { target: globalThis.Node; type: string }): boolean {
    return m.type !== 'selection' && this.header.contains(m.target);
  }
}

export function nodeViews(ctx: EditorContext) {
  const make =
    (C: new (n: Node, v: EditorView, g: () => number | undefined, c: EditorContext) => NodeView) =>
    (n: Node, v: EditorView, g: () => number | undefined) =>
      new C(n, v, g, ctx);
  return {
    image: make(ImageView),
    sources: (n: Node, v: EditorView, g: () => number | undefined) => new RowsView(n, v, g, ctx, rowSpecs.sources!),
    cta: make(CtaView),
    timeline: (n: Node, v: EditorView, g: () => number | undefined) => new RowsView(n, v, g, ctx, rowSpecs.timeline!),
    html: make(HtmlView),
    tool: make(ToolView),
    chart: make(ChartView),
    divider: make(DividerView),
    commentary: make(FrameView),
    addendum: make(FrameView),
    note: make(FrameView),
    code_block: make(FrameView),
  };
}

export interface MediaItem {
  src: string;
  width: number;
  height: number;
  alt: string;
  name: string;
}

/** Uploads through the media library (POST /admin/media, answered in JSON). */
export async function uploadImage(file: File, alt: string, csrf: string): Promise<MediaItem> {
  const body = new FormData();
  body.append('alt', alt);
  body.append('file', file, file.name || 'image.png');
  const res = await fetch('/admin/media', {
    method: 'POST',
    body,
    headers: { accept: 'application/json', 'x-csrf-token': csrf },
    credentials: 'same-origin',
  });
  const data = (await res.json().catch(() => ({ error: 'アップロードできませんでした' }))) as MediaItem & { error?: string };
  if (!res.ok) throw new Error(data.error ?? 'アップロードできませんでした');
  return data;
}

/** A dialog listing the media library; picking one calls `choose`. */
function openLibrary(opener: HTMLElement, choose: (m: MediaItem) => void): void {
  const dialog = el('dialog', { class: 'ed-library', 'aria-labelledby': 'ed-library-title' });
  const list = el('ul', { class: 'ed-library-list' });
  const close = el('button', { type: 'button', class: 'secondary', text: '閉じる' });
  dialog.append(
    el('h2', { id: 'ed-library-title', text: 'メディアから選ぶ' }),
    el('p', { role: 'status', text: '読み込んでいます…' }),
    list,
    close,
  );
  const done = () => {
    dialog.close();
    dialog.remove();
    opener.focus();
  };
  close.addEventListener('click', done);
  dialog.addEventListener('close', () => dialog.isConnected && done());
  document.body.append(dialog);
  dialog.showModal();
  fetch('/admin/media/library.json', { credentials: 'same-origin' })
    .then((r) => r.json() as Promise<{ media: MediaItem[] }>)
    .then(({ media }) => {
      dialog.querySelector('[role="status"]')!.textContent = media.length ? `${media.length}件` : 'まだ画像がありません。';
      for (const m of media) {
        const b = el(
          'button',
          { type: 'button', class: 'ed-library-item' },
          el('img', { src: m.src, alt: '' }),
          el('span', { text: m.alt || m.name }),
        );
        b.addEventListener('click', () => {
          choose(m);
          done();
        });
        list.append(el('li', {}, b));
      }
    })
    .catch(() => {
      dialog.querySelector('[role="status"]')!.textContent = 'メディアを読み込めませんでした';
    });
}
