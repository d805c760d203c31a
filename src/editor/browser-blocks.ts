// In the browser bundle this stands in for src/content/blocks.ts, imported by
// src/content/markdown.ts: the editor needs the directive parser, not zod and sanitize-html
// (they would triple the bundle). Blocks are validated where they are stored — on the
// server, which answers a bad one with a Japanese message when the post is saved.
import type { Block } from '../content/blocks.ts';

export class BlockValidationError extends Error {}

export function validateBlocks(input: unknown): Block[] {
  return input as Block[];
}
