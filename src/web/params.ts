// Reading URL parameters. Anything odd is a 400 or 404, never an exception deeper down.
import { isValidSlug } from '../content/slug.ts';
import { z } from 'zod';
import { badRequest, notFound } from './errors.ts';
import { checked } from './validation.ts';

const MAX_PAGE = 100000;

/** ?page= : absent → 1; a whole number from 1; anything else → 400. */
export function pageParam(value: unknown): number {
  if (value === undefined || value === '') return 1;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) throw badRequest('ページ番号が正しくありません');
  const n = Number(value);
  if (n < 1 || n > MAX_PAGE) throw badRequest('ページ番号が正しくありません');
  return n;
}

/** ?limit= for the API. */
export function limitParam(value: unknown, fallback: number, max = 50): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw badRequest(`limit は 1 から ${max} までの数にしてください`);
  }
  return Number(value);
}

/** A slug from the path; one that cannot exist (../, control characters …) is simply not found. */
export function slugParam(value: unknown): string {
  if (typeof value !== 'string' || !isValidSlug(value)) throw notFound();
  return value;
}

export function yearParam(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw notFound();
  return value;
}

export function monthParam(value: unknown): string {
  if (typeof value !== 'string' || !/^(0[1-9]|1[0-2])$/.test(value)) throw notFound();
  return value;
}

/** An optional string query parameter (arrays from repeated keys take the first). */
export function stringParam(value: unknown): string | undefined {
  if (Array.isArray(value)) return stringParam(value[0]);
  return typeof value === 'string' ? value : undefined;
}

// The same checks as schemas, for routes that declare what they read (validation.ts).
export const slugParams = z.object({ slug: checked(slugParam) });
export const pagedQuery = z.object({ page: checked(pageParam) });
export const yearParams = z.object({ year: checked(yearParam) });
export const monthParams = z.object({ year: checked(yearParam), month: checked(monthParam) });
/** A query parameter read as text (the first of repeated keys), or undefined. */
export const stringQuery = checked(stringParam);
