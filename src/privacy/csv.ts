// Personal data leaving as CSV for Excel (registrants, subscribers): UTF-8 with a BOM, so
// Excel reads Japanese right, CRLF line ends, and a cell that starts like a formula made
// text, so a spreadsheet does not run it.

export function csvCell(v: string): string {
  // Full-width ＝＋－＠ too: Excel reads them as formula signs when typed in Japanese.
  const safe = /^[=+\-@\t\r＝＋－＠]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
