// Where served images live, and which widths exist for one (no image library needed).
export const SERVED_WIDTHS = [480, 960, 1600] as const;

/** The widths served for an image: the standard ones below its own width, and its own (≤ 1600). */
export function widthsFor(width: number): number[] {
  const own = Math.min(width, SERVED_WIDTHS[SERVED_WIDTHS.length - 1]!);
  return [...SERVED_WIDTHS.filter((w) => w < own), own];
}

export function mediaUrl(stem: string, width: number): string {
  return `/media/${stem}-${width}.webp`;
}

const SERVED = /^\/media\/([a-z0-9/]+)-(\d{2,4})\.webp$/;

/** srcset for an uploaded image's URL (the largest copy), or undefined for other images. */
export function srcsetFor(src: string): string | undefined {
  const m = SERVED.exec(src);
  if (!m) return undefined;
  return widthsFor(Number(m[2]))
    .map((w) => `${mediaUrl(m[1]!, w)} ${w}w`)
    .join(', ');
}
