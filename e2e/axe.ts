// axe-core in the browser tests: WCAG 2.1 A/AA and axe's best practices, and any violation
// of any impact fails the test. The pages' CSP forbids injected inline scripts, so axe is
// added by its file's path to a context opened with `bypassCSP: true`.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** How many offending elements a message names per rule. */
const TARGETS_SHOWN = 3;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** One line per violated rule: id, impact, what axe asks for, and where. */
function describeViolations(violations: Violation[]): string[] {
  return violations.map((v) => {
    const targets = v.nodes.slice(0, TARGETS_SHOWN).map((n) => n.target.map(String).join(' > '));
    const more = v.nodes.length > TARGETS_SHOWN ? ` (+${v.nodes.length - TARGETS_SHOWN} more)` : '';
    return `${v.id} [${v.impact ?? 'none'}] ${v.help}: ${targets.join(' | ')}${more}`;
  });
}

/** Runs axe on the page as it is now: undefined when it passes, else a readable report
 * (page label, width, colour scheme, address, one line per violated rule). */
export async function axeReport(page: Page, label: string): Promise<string | undefined> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axeSource });
  const violations = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })),
        ),
    TAGS,
  )) as Violation[];
  if (!violations.length) return undefined;
  const width = page.viewportSize()?.width ?? 0;
  const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
  return `axe-core on ${label} at ${width} px, ${dark ? 'dark' : 'light'} (${page.url()}):\n  ${describeViolations(violations).join('\n  ')}`;
}

/** Runs axe on the page as it is now; fails on any violation, whatever its impact. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const report = await axeReport(page, label);
  assert.equal(report, undefined, report);
}
