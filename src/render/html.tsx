// Markup written as strings where a page is hot enough that building a component tree per
// request costs more than the page's other work (the post page, render/post-html.ts). The
// escaping is Preact's own, so a string and a component give the same bytes for one text.
import type { JSX } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';

/** Text or a double-quoted attribute value, escaped as preact-render-to-string does (&, <, "). */
export function esc(s: string): string {
  if (!/[&<"]/.test(s)) return s;
  return s.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}

/** An attribute written only when it has a value, as a component's optional prop is. */
export function attr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${esc(value)}"`;
}

/** Plain text with line breaks kept: paragraphs at blank lines, <br/> at single breaks. */
export function linesHtml(text: string, cls?: string): string {
  return `<div${attr('class', cls)}>${linesInner(text)}</div>`;
}

/** What linesHtml puts inside its element (the Lines component wraps the same). */
export function linesInner(text: string): string {
  let html = '';
  for (const p of text.split(/\n{2,}/)) html += `<p>${p.split('\n').map(esc).join('<br/>')}</p>`;
  return html;
}

/** Markup written as a string, placed in a component tree without a wrapping element
 * (preact-render-to-string writes a template fragment's strings as they are). */
export function Raw({ html }: { html: string }): JSX.Element {
  return jsxTemplate([html]);
}
