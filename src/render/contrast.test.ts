// The colour pairs of public/style.css meet WCAG AA (4.5:1 for text) in light and dark mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { publicDir } from '../app.ts';

const css = readFileSync(path.join(publicDir, 'style.css'), 'utf8');

function palette(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

const light = palette(/:root\s*\{([\s\S]*?)\}/.exec(css)![1]!);
const dark = { ...light, ...palette(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([\s\S]*?)\}/.exec(css)![1]!) };
const pairs: Array<[string, string]> = [
  ['fg', 'bg'],
  ['muted', 'bg'],
  ['link', 'bg'],
  ['fg', 'panel'],
  ['muted', 'panel'],
  ['link', 'panel'],
  ['accent-fg', 'accent'],
  ['accent', 'bg'],
  ['fg', 'commentary'],
  ['fg', 'addendum'],
  ['link', 'commentary'],
  ['link', 'addendum'],
];

describe('colour contrast (WCAG AA)', () => {
  for (const [name, p] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`text colours reach 4.5:1 in ${name} mode`, () => {
      for (const [fg, bg] of pairs) {
        const ratio = contrast(p[fg]!, p[bg]!);
        assert.ok(ratio >= 4.5, `${name}: --${fg} on --${bg} is ${ratio.toFixed(2)}:1`);
      }
    });
  }
});
