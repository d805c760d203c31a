// The visual block editor, mounted over the post form's Markdown textarea. The textarea
// stays the form's field (and the ソース view): every change here is written back into it
// as Markdown, so saving, autosave, preview and the JavaScript-off page work as before.
import { baseKeymap, chainCommands, exitCode, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { closeHistory, history, redo, undo } from 'prosemirror-history';
import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { Fragment, type Node } from 'prosemirror-model';
import { liftListItem, splitListItem, wrapInList } from 'prosemirror-schema-list';
import { EditorState, NodeSelection, Plugin, Selection, type Command, type Transaction } from 'prosemirror-state';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, goToNextCell, isInTable, tableEditing } from 'prosemirror-tables';
import { EditorView } from 'prosemirror-view';
import { docToCheckedMarkdown, markdownToDoc, type PMNode } from './convert.ts';
import { ALT_MISSING, nodeViews, uploadImage, type EditorContext } from './forms.ts';
import { containerTypes, schema } from './schema.ts';

const n = schema.nodes;

// ---------------------------------------------------------------------------------------
// Blocks: find the one the author is in, insert, move, duplicate, delete.

interface Found {
  pos: number;
  node: Node;
  parent: Node;
  /** Position of the parent (−1 for the document). */
  parentPos: number;
  index: number;
}

/** The block (child of the document, a commentary or an addendum) at `pos`. */
function blockAt(doc: Node, pos: number): Found | undefined {
  const $p = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (let d = $p.depth; d >= 0; d--) {
    const parent = $p.node(d);
    if (!containerTypes.has(parent.type.name)) continue;
    let index = $p.index(d);
    if (index >= parent.childCount) index = parent.childCount - 1;
    if (index < 0) return undefined;
    const parentPos = d === 0 ? -1 : $p.before(d);
    let at = parentPos + 1;
    for (let i = 0; i < index; i++) at += parent.child(i).nodeSize;
    return { pos: at, node: parent.child(index), parent, parentPos, index };
  }
  return undefined;
}

/** The site's time zone, handed to the page by the server (KAWARABAN_TIME_ZONE). */
let siteZone = 'Asia/Tokyo';

/** Today's date in the site's zone, YYYY-MM-DD (sv-SE writes dates that way). */
function today(): string {
  const format = (timeZone: string) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  try {
    return format(siteZone);
  } catch {
    return format('Asia/Tokyo');
  }
}

const para = () => n.paragraph!.create();
export const blockMakers: Record<string, () => Node> = {
  paragraph: para,
  heading: () => n.heading!.create({ level: 2 }),
  list: () => n.list!.create({ ordered: false }, n.list_item!.create(null, para())),
  ordered: () => n.list!.create({ ordered: true }, n.list_item!.create(null, para())),
  quote: () => n.quote!.create(null, para()),
  table: () =>
    n.table!.create(null, [
      n.table_row!.create(null, [n.table_header!.create(), n.table_header!.create()]),
      n.table_row!.create(null, [n.table_cell!.create(), n.table_cell!.create()]),
    ]),
  image: () => n.image!.create(),
  sources: () => n.sources!.create({ items: [{ url: '', title: '', publisher: '' }] }),
  cta: () => n.cta!.create(),
  timeline: () => n.timeline!.create({ entries: [{ when: '', text: '' }] }),
  note: () => n.note!.create(null, para()),
  code_block: () => n.code_block!.create(),
  divider: () => n.divider!.create(),
  html: () => n.html!.create(),
  tool: () => n.tool!.create({ name: 'breach' }),
  chart: () =>
    n.chart!.create({
      block: { type: 'chart', kind: 'bar', title: '', labelHeading: '項目', labels: ['1'], series: [{ name: '値', values: [0] }] },
    }),
  commentary: () => n.commentary!.create(null, para()),
  addendum: () => n.addendum!.create({ date: today() }, para()),
};

const insertLabels: Array<[string, string]> = [
  ['paragraph', '段落'],
  ['heading', '見出し'],
  ['list', '箇条書き'],
  ['ordered', '番号付きリスト'],
  ['quote', '引用'],
  ['table', '表'],
  ['image', '画像'],
  ['sources', '出典'],
  ['commentary', '私のコメント'],
  ['addendum', '追記'],
  ['cta', '申込ボタン'],
  ['timeline', '時系列'],
  ['note', '注記'],
  ['code_block', 'コード'],
  ['divider', '区切り線'],
  ['html', 'HTML'],
  ['tool', 'ツールへの案内'],
  ['chart', 'グラフ'],
];

/** Puts the cursor in a new block: its first text, or its form's first field. */
function focusBlock(view: EditorView, pos: number): void {
  const node = view.state.doc.nodeAt(pos);
  if (!node) return;
  if (node.isAtom) {
    view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, pos)).scrollIntoView());
    const dom = view.nodeDOM(pos) as HTMLElement | null;
    const first = dom?.querySelector<HTMLElement>('input:not([type=file]), textarea, select, button');
    if (first) first.focus();
    else view.focus();
    return;
  }
  view.dispatch(view.state.tr.setSelection(Selection.near(view.state.doc.resolve(pos + 1))).scrollIntoView());
  view.focus();
}

// ---------------------------------------------------------------------------------------

function mount(): void {
  const form = document.getElementById('editor-form') as HTMLFormElement | null;
  const textarea = document.getElementById('markdown') as HTMLTextAreaElement | null;
  const root = document.getElementById('visual-editor');
  if (!form || !textarea || !root) return;
  const sourceView = document.getElementById('source-view')!;
  const note = document.getElementById('editor-mode-note')!;
  const live = document.getElementById('editor-live')!;
  const modeButtons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-editor-mode]'));
  const csrf = (form.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
  siteZone = root.getAttribute('data-time-zone') || siteZone;
  let events: EditorContext['events'] = [];
  try {
    events = JSON.parse(root.getAttribute('data-events') ?? '[]') as EditorContext['events'];
  } catch {
    events = [];
  }

  let lastBlockPos = 0;
  const announce = (message: string) => {
    live.textContent = '';
    window.setTimeout(() => (live.textContent = message), 30);
  };
  const ctx: EditorContext = { csrf, events, focusBlock: (pos) => (lastBlockPos = pos), announce };

  // --- block commands ---------------------------------------------------------------
  const current = (state: EditorState) => blockAt(state.doc, lastBlockPos);

  function insert(kind: string): boolean {
    const state = view.state;
    const node = blockMakers[kind]!();
    let at = current(state);
    // Blocks written as :::directives, commentary and addendum go after the container.
    if (at && at.parent.type !== n.doc && !at.parent.type.contentMatch.matchType(node.type)) at = blockAt(state.doc, at.parentPos);
    let tr: Transaction;
    let pos: number;
    if (!at) {
      pos = state.doc.content.size;
      tr = state.tr.insert(pos, node);
    } else if (at.node.type === n.paragraph && at.node.content.size === 0) {
      pos = at.pos;
      tr = state.tr.replaceWith(at.pos, at.pos + at.node.nodeSize, node);
    } else {
      pos = at.pos + at.node.nodeSize;
      tr = state.tr.insert(pos, node);
    }
    view.dispatch(closeHistory(tr));
    lastBlockPos = pos;
    focusBlock(view, pos);
    announce(`${insertLabels.find(([k]) => k === kind)?.[1] ?? ''}を挿入しました`);
    return true;
  }

  function move(dir: -1 | 1): boolean {
    const at = current(view.state);
    if (!at) return false;
    const otherIndex = at.index + dir;
    if (otherIndex < 0 || otherIndex >= at.parent.childCount) return false;
    const other = at.parent.child(otherIndex);
    const from = dir < 0 ? at.pos - other.nodeSize : at.pos;
    const to = dir < 0 ? at.pos + at.node.nodeSize : at.pos + at.node.nodeSize + other.nodeSize;
    const tr = view.state.tr.replaceWith(from, to, dir < 0 ? Fragment.from([at.node, other]) : Fragment.from([other, at.node]));
    const newPos = dir < 0 ? from : from + other.nodeSize;
    view.dispatch(closeHistory(tr));
    lastBlockPos = newPos;
    focusBlock(view, newPos);
    announce(dir < 0 ? 'ブロックを上へ移しました' : 'ブロックを下へ移しました');
    return true;
  }

  function duplicate(): boolean {
    const at = current(view.state);
    if (!at) return false;
    const pos = at.pos + at.node.nodeSize;
    view.dispatch(closeHistory(view.state.tr.insert(pos, at.node.copy(at.node.content))));
    lastBlockPos = pos;
    focusBlock(view, pos);
    announce('ブロックを複製しました');
    return true;
  }

  function remove(): boolean {
    let at = current(view.state);
    if (!at) return false;
    // The last block of a commentary or addendum takes its container with it.
    while (at && at.parent.childCount === 1 && at.parent.type !== n.doc) at = blockAt(view.state.doc, at.parentPos);
    if (!at) return false;
    let tr = view.state.tr.delete(at.pos, at.pos + at.node.nodeSize);
    if (tr.doc.childCount === 0) tr = tr.insert(0, para());
    view.dispatch(closeHistory(tr));
    const pos = Math.min(at.pos, tr.doc.content.size - 1);
    lastBlockPos = Math.max(0, pos);
    const next = blockAt(view.state.doc, lastBlockPos);
    if (next) focusBlock(view, next.pos);
    announce('ブロックを削除しました');
    return true;
  }

  const link: Command = (state, dispatch) => {
    const type = schema.marks.link!;
    if (state.selection.empty) return false;
    if (dispatch) {
      const { from, to } = state.selection;
      if (state.doc.rangeHasMark(from, to, type)) {
        dispatch(state.tr.removeMark(from, to, type));
        return true;
      }
      const href = window.prompt('リンク先の URL（https://… か /…）', 'https://');
      if (!href || !/^(https?:\/\/\S+|\/(?!\/)\S*|mailto:\S+)$/i.test(href.trim())) return true;
      dispatch(state.tr.addMark(from, to, type.create({ href: href.trim() })));
    }
    return true;
  };
  const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
    if (!state.selection.$from.parent.type.contentMatch.matchType(n.hard_break!)) return false;
    dispatch?.(state.tr.replaceSelectionWith(n.hard_break!.create()).scrollIntoView());
    return true;
  });

  // Enter in an empty last paragraph of a commentary, addendum, note or quote leaves it.
  const exitContainer: Command = (state, dispatch) => {
    const { $from, empty } = state.selection;
    if (!empty || $from.parent.type !== n.paragraph || $from.parent.content.size || $from.depth < 2) return false;
    const container = $from.node($from.depth - 1);
    if (![n.commentary, n.addendum, n.note, n.quote].includes(container.type)) return false;
    if ($from.index($from.depth - 1) !== container.childCount - 1 || container.childCount < 2) return false;
    if (dispatch) {
      const after = $from.after($from.depth - 1);
      let tr = state.tr.delete($from.before(), $from.after());
      const at = tr.mapping.map(after);
      tr = tr.insert(at, para());
      dispatch(tr.setSelection(Selection.near(tr.doc.resolve(at + 1))).scrollIntoView());
    }
    return true;
  };

  const keys: Record<string, Command> = {
    'Mod-z': undo,
    'Mod-y': redo,
    'Shift-Mod-z': redo,
    'Mod-b': toggleMark(schema.marks.strong!),
    'Mod-i': toggleMark(schema.marks.em!),
    'Mod-k': link,
    'Shift-Enter': hardBreak,
    Enter: chainCommands(splitListItem(n.list_item!), exitContainer),
    'Mod-[': liftListItem(n.list_item!),
    'Alt-ArrowUp': () => move(-1),
    'Alt-ArrowDown': () => move(1),
    'Alt-Shift-d': () => duplicate(),
    'Alt-Shift-D': () => duplicate(),
    'Alt-Shift-Backspace': () => remove(),
    'Mod-Alt-0': setBlockType(n.paragraph!),
    'Mod-Alt-2': setBlockType(n.heading!, { level: 2 }),
    'Mod-Alt-3': setBlockType(n.heading!, { level: 3 }),
    'Mod-Alt-4': setBlockType(n.heading!, { level: 4 }),
    Tab: goToNextCell(1),
    'Shift-Tab': goToNextCell(-1),
  };

  const rules = inputRules({
    rules: [
      textblockTypeInputRule(/^(#{2,4})\s$/, n.heading!, (m) => ({ level: m[1]!.length })),
      wrappingInputRule(/^\s*[-*]\s$/, n.list!, { ordered: false }),
      wrappingInputRule(/^\s*1[.)]\s$/, n.list!, { ordered: true }),
      wrappingInputRule(/^\s*>\s$/, n.quote!),
      new InputRule(/^---$/, (state, _m, start, end) => state.tr.replaceRangeWith(start - 1, end + 1, n.divider!.create())),
    ],
  });

  // Adjacent sources and lists of one kind are one block on the page: keep them one here too.
  const merge = new Plugin({
    appendTransaction(trs, _old, state) {
      if (!trs.some((t) => t.docChanged)) return null;
      let tr: Transaction | null = null;
      const visit = (parent: Node, parentPos: number) => {
        let pos = parentPos + 1;
        let prev: { node: Node; pos: number } | undefined;
        parent.forEach((child) => {
          if (prev && !tr) {
            const same =
              (child.type === n.sources && prev.node.type === n.sources) ||
              (child.type === n.list && prev.node.type === n.list && child.attrs.ordered === prev.node.attrs.ordered);
            if (same) {
              tr = state.tr;
              if (child.type === n.sources) {
                tr.setNodeMarkup(prev.pos, undefined, {
                  items: [...(prev.node.attrs.items as unknown[]), ...(child.attrs.items as unknown[])],
                });
                tr.delete(pos, pos + child.nodeSize);
              } else tr.join(pos);
            }
          }
          if (containerTypes.has(child.type.name)) visit(child, pos);
          prev = { node: child, pos };
          pos += child.nodeSize;
        });
      };
      visit(state.doc, -1);
      return tr;
    },
  });

  // --- the view -------------------------------------------------------------------
  performance.mark('editor-start');
  const opened = markdownToDoc(textarea.value);
  const startDoc =
    'doc' in opened ? schema.nodeFromJSON(opened.doc) : schema.nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph' }] });
  const makeState = (doc: Node) =>
    EditorState.create({
      doc,
      plugins: [rules, keymap(keys), keymap(baseKeymap), history(), dropCursor(), gapCursor(), tableEditing(), merge],
    });

  let styleSelect: HTMLSelectElement;
  let tableGroup: HTMLElement;
  let markButtons: Array<[HTMLButtonElement, string]>;
  /** Keeps a tab stop in the toolbar when the table group it was on hides. */
  let toolbarCheck = () => {};
  const toolbar = buildToolbar();
  const mountPoint = document.createElement('div');
  mountPoint.className = 'ed-surface';
  root.append(toolbar, mountPoint);

  // What the textarea held when the document was last written to it (null: never in sync).
  let synced: string | null = 'doc' in opened ? textarea.value : null;
  let syncTimer = 0;
  // Passages whose formatting the last written Markdown does not keep (see docToCheckedMarkdown).
  let lost: string[] = [];
  /** Writes the document into the textarea; `whole`: check the whole round trip (saving). */
  const sync = (whole = false) => {
    window.clearTimeout(syncTimer);
    syncTimer = 0;
    const written = docToCheckedMarkdown(view.state.doc.toJSON() as PMNode, whole);
    const markdown = written.markdown;
    lost = written.lost;
    if (markdown === synced) return;
    synced = markdown;
    textarea.value = markdown;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const view: EditorView = new EditorView(mountPoint, {
    state: makeState(startDoc),
    nodeViews: nodeViews(ctx),
    attributes: {
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': '本文',
      'aria-describedby': 'editor-shortcuts-summary',
      class: 'ed-content post-body',
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.selectionSet && view.hasFocus() && !(document.activeElement as HTMLElement | null)?.closest('.ed-atom, .ed-frame-header')) {
        lastBlockPos = view.state.selection.from;
      } else lastBlockPos = tr.mapping.map(lastBlockPos);
      if (tr.docChanged) {
        window.clearTimeout(syncTimer);
        syncTimer = window.setTimeout(() => sync(), 250);
      }
      updateToolbar();
    },
    handlePaste(v, event) {
      const file = Array.from(event.clipboardData?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return false;
      insertUploaded(file);
      return true;
    },
    handleDrop(v, event) {
      const file = Array.from((event as DragEvent).dataTransfer?.files ?? []).find((f) => f.type.startsWith('image/'));
      if (!file) return false;
      event.preventDefault();
      const at = v.posAtCoords({ left: (event as DragEvent).clientX, top: (event as DragEvent).clientY });
      if (at) lastBlockPos = at.pos;
      insertUploaded(file);
      return true;
    },
  });

  /** The alt field of the first image that has a picture but no alt text. */
  function imageWithoutAlt(): HTMLInputElement | null {
    let found: HTMLInputElement | null = null;
    view.state.doc.descendants((node, pos) => {
      if (found) return false;
      if (node.type === n.image && String(node.attrs.src).trim() && !String(node.attrs.alt).trim()) {
        found = (view.nodeDOM(pos) as HTMLElement | null)?.querySelector<HTMLInputElement>('[data-attr="alt"]') ?? null;
      }
      return !found;
    });
    return found;
  }

  function insertUploaded(file: File): void {
    insert('image');
    const pos = lastBlockPos;
    announce('画像をアップロードしています');
    uploadImage(file, '', csrf).then(
      (m) => {
        const node = view.state.doc.nodeAt(pos);
        if (node?.type === n.image)
          view.dispatch(
            view.state.tr.setNodeMarkup(pos, undefined, {
              ...node.attrs,
              src: m.src,
              width: m.width,
              height: m.height,
              alt: String(node.attrs.alt) || m.alt,
            }),
          );
        announce('画像をアップロードしました。代替テキストを入れてください');
      },
      (err: Error) => announce(err.message),
    );
  }

  // --- toolbar --------------------------------------------------------------------
  function button(label: string, keysLabel: string, run: () => unknown, cls = ''): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (cls) b.className = cls;
    if (keysLabel) {
      b.title = `${label}（${keysLabel}）`;
      b.setAttribute('aria-keyshortcuts', keysLabel.replace(/Ctrl/g, 'Control').replace(/\s/g, ''));
    }
    // Keep the editor's selection: run on mousedown's click without taking focus first.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => run());
    return b;
  }
  function group(label: string, ...children: HTMLElement[]): HTMLElement {
    const g = document.createElement('div');
    g.className = 'ed-group';
    g.setAttribute('role', 'group');
    g.setAttribute('aria-label', label);
    g.append(...children);
    return g;
  }
  function run(cmd: Command): () => void {
    return () => {
      cmd(view.state, view.dispatch, view);
      view.focus();
    };
  }
  function buildToolbar(): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'ed-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', '書式とブロック');
    styleSelect = document.createElement('select');
    styleSelect.setAttribute('aria-label', '段落の種類');
    for (const [v, l] of [
      ['paragraph', '本文'],
      ['h2', '見出し（大）'],
      ['h3', '見出し（中）'],
      ['h4', '見出し（小）'],
    ]) {
      const o = document.createElement('option');
      o.value = v!;
      o.textContent = l!;
      styleSelect.append(o);
    }
    styleSelect.addEventListener('change', () => {
      const v = styleSelect.value;
      run(v === 'paragraph' ? setBlockType(n.paragraph!) : setBlockType(n.heading!, { level: Number(v.slice(1)) }))();
    });
    const bold = button('太字', 'Ctrl+B', run(toggleMark(schema.marks.strong!)), 'ed-mark');
    const italic = button('斜体', 'Ctrl+I', run(toggleMark(schema.marks.em!)), 'ed-mark');
    const linkB = button('リンク', 'Ctrl+K', run(link), 'ed-mark');
    markButtons = [
      [bold, 'strong'],
      [italic, 'em'],
      [linkB, 'link'],
    ];
    const format = group(
      '書式',
      styleSelect,
      bold,
      italic,
      linkB,
      button('改行', 'Shift+Enter', run(hardBreak)),
      button('リストに', '', run(wrapInList(n.list!))),
      button('引用に', '', run(wrapIn(n.quote!))),
    );
    const inserts = group(
      'ブロックを挿入',
      ...insertLabels.map(([kind, label]) => button(`＋${label}`, '', () => insert(kind), 'ed-insert')),
    );
    const blocks = group(
      'ブロックの操作',
      button('上へ', 'Alt+ArrowUp', () => move(-1)),
      button('下へ', 'Alt+ArrowDown', () => move(1)),
      button('複製', 'Alt+Shift+D', () => duplicate()),
      button('削除', 'Alt+Shift+Backspace', () => remove(), 'danger'),
      button('元に戻す', 'Ctrl+Z', run(undo)),
      button('やり直す', 'Ctrl+Y', run(redo)),
    );
    tableGroup = group(
      '表の操作',
      button('行を追加', '', run(addRowAfter)),
      button('列を追加', '', run(addColumnAfter)),
      button('行を削除', '', run(deleteRow)),
      button('列を削除', '', run(deleteColumn)),
    );
    tableGroup.hidden = true;
    bar.append(format, blocks, tableGroup, inserts);
    roving(bar);
    return bar;
  }
  // One tab stop for the whole toolbar (the control last used); arrows, Home and End move
  // within it — the WAI-ARIA toolbar pattern, so Tab goes on to the text in one press.
  function roving(bar: HTMLElement): void {
    const items = () => Array.from(bar.querySelectorAll<HTMLElement>('button, select')).filter((e) => !e.closest('[hidden]'));
    const setCurrent = (current: HTMLElement | undefined) => {
      for (const item of Array.from(bar.querySelectorAll<HTMLElement>('button, select'))) item.tabIndex = item === current ? 0 : -1;
    };
    setCurrent(items()[0]);
    toolbarCheck = () => {
      const list = items();
      if (!list.some((e) => e.tabIndex === 0)) setCurrent(list[0]);
    };
    bar.addEventListener('focusin', (e) => setCurrent(e.target as HTMLElement));
    bar.addEventListener('keydown', (e) => {
      const list = items();
      const i = list.indexOf(document.activeElement as HTMLElement);
      const last = list.length - 1;
      const to = { ArrowRight: i + 1 > last ? 0 : i + 1, ArrowLeft: i - 1 < 0 ? last : i - 1, Home: 0, End: last }[e.key];
      if (i < 0 || to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      list[to]!.focus();
    });
  }
  function updateToolbar(): void {
    const state = view.state;
    const parent = state.selection.$from.parent;
    styleSelect.value = parent.type === n.heading ? `h${String(parent.attrs.level)}` : 'paragraph';
    tableGroup.hidden = !isInTable(state);
    toolbarCheck();
    for (const [b, mark] of markButtons) {
      const type = schema.marks[mark]!;
      const { from, to, empty, $from } = state.selection;
      const active = empty ? !!type.isInSet(state.storedMarks ?? $from.marks()) : state.doc.rangeHasMark(from, to, type);
      b.setAttribute('aria-pressed', String(active));
    }
  }
  updateToolbar();

  // --- modes: ビジュアル / ソース ----------------------------------------------------
  function setMode(mode: 'visual' | 'source'): void {
    root!.hidden = mode !== 'visual';
    sourceView.hidden = mode !== 'source';
    for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.getAttribute('data-editor-mode') === mode));
    document.body.setAttribute('data-editor-mode', mode);
  }
  for (const b of modeButtons) {
    b.hidden = false;
    b.addEventListener('click', () => {
      if (b.getAttribute('data-editor-mode') === 'source') {
        sync();
        setMode('source');
        note.textContent = '';
        textarea.focus();
        return;
      }
      if (textarea.value !== synced) {
        const again = markdownToDoc(textarea.value);
        if ('problem' in again) {
          note.textContent = `ソース表示のままにします：${again.problem}。`;
          return;
        }
        const doc = schema.nodeFromJSON(again.doc);
        view.dispatch(view.state.tr.replaceWith(0, view.state.doc.content.size, doc.content));
        synced = textarea.value;
      }
      note.textContent = '';
      setMode('visual');
      view.focus();
    });
  }
  // Saving never drops formatting silently: when the Markdown would not give the same
  // document back, the save stops and the ソース view opens on what would be saved, with a
  // note; saving from there (the author has seen it) goes through.
  form.addEventListener('submit', (event) => {
    if (root.hidden) return;
    sync(true);
    // A preview saves nothing: it shows what the Markdown gives as it is.
    if ((event.submitter as HTMLButtonElement | null)?.value === 'preview') return;
    const image = imageWithoutAlt();
    if (image) {
      event.preventDefault();
      note.textContent = ALT_MISSING;
      image.setAttribute('aria-invalid', 'true');
      image.focus();
      return;
    }
    if (!lost.length) return;
    event.preventDefault();
    setMode('source');
    const passage = lost[0]!.replace(/\s+/g, ' ').slice(0, 40);
    note.textContent = `保存していません：「${passage}」などの書式（太字・斜体・リンクなど）が Markdown で表せないため、保存すると失われます。ソース表示で確かめて直してから、もう一度保存してください。`;
    textarea.focus();
  });
  window.addEventListener('beforeunload', () => {
    if (!root.hidden) sync();
  });
  document.getElementById('editor-shortcuts')?.removeAttribute('hidden');
  document.querySelector('.editor-mode')?.removeAttribute('hidden');

  if ('problem' in opened) {
    setMode('source');
    note.textContent = `この記事はソース表示で開きました：${opened.problem}。`;
  } else setMode('visual');
  root.setAttribute('data-ready', 'true');
  performance.mark('editor-ready');
  (window as unknown as { kawarabanEditor: unknown }).kawarabanEditor = { view, sync };
}

mount();
