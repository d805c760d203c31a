// Sizes in messages about uploads.

/** 10MB, 195KB … for messages about sizes. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)}MB` : `${Math.max(1, Math.floor(bytes / 1024))}KB`;
}
