// Site settings: what the owner can change about the whole site.
import { z } from 'zod';

export const settingsSchema = z.object({
  title: z.string().trim().min(1).max(100).default('瓦版'),
  tagline: z.string().trim().max(200).default(''),
  description: z.string().trim().max(500).default(''),
  postsPerPage: z.number().int().min(1).max(50).default(10),
  footer: z.string().trim().max(1000).default(''),
  /** western: 2023年6月12日; japanese (和暦): 令和5年6月12日. */
  dateStyle: z.enum(['western', 'japanese']).default('western'),
  /** A call to action shown under every post (e.g. the next seminar); empty for none. */
  defaultCtaLabel: z.string().trim().max(100).default(''),
  defaultCtaUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => u === '' || /^(https?:\/\/\S+|\/(?!\/)\S*)$/i.test(u), 'URL は http(s):// か / で始めてください')
    .default(''),
  /** Comments: hold every one for approval (all), or approve at once a commenter whose
   * earlier comment was approved (known; matched by a keyed hash of the email). */
  commentApproval: z.enum(['all', 'known']).default('all'),
  /** Days after publication when a post stops taking comments; 0: never. */
  commentCloseDays: z.number().int().min(0).max(3650).default(90),
  /** Words that make a comment spam, one a line. */
  commentBannedWords: z.string().max(5000).default(''),
  /** More links than this in a comment and it is held. */
  commentMaxLinks: z.number().int().min(0).max(50).default(2),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

/** Merges stored rows over the defaults; a stored value that no longer validates is ignored. */
export function settingsFromRows(rows: Array<{ key: string; value: string }>): Settings {
  const merged: Record<string, unknown> = { ...defaultSettings };
  for (const row of rows) {
    if (!(row.key in settingsSchema.shape)) continue;
    try {
      merged[row.key] = JSON.parse(row.value);
    } catch {
      // keep the default
    }
  }
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : defaultSettings;
}
