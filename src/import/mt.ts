// The Movable Type export format, as Livedoor Blog, FC2, Seesaa and Hatena write it.
// An entry is a header of KEY: value lines, then sections (BODY, EXTENDED BODY, EXCERPT,
// KEYWORDS, COMMENT, PING) each ending with a line of five dashes; entries end with a line
// of eight dashes. Parsed line by line from a stream: a file of any size, one entry in memory.
import { parseLocalDateTime } from '../time.ts';
import { emptyEntry, MAX_TEXT_CHARS, type ImportEntry } from './entry.ts';

export interface MtEntry extends ImportEntry {
  allowComments: boolean;
  primaryCategory: string;
  pings: Array<{ title: string; url: string; blogName: string; date: Date | undefined; excerpt: string }>;
}

export class MtFormatError extends Error {
  constructor(
    message: string,
    readonly entry: number,
    readonly line: number,
  ) {
    super(message);
  }
}

const ENTRY_END = /^-{8}\s*$/;
const SECTION_END = /^-{5}\s*$/;
const SECTIONS = new Set(['BODY', 'EXTENDED BODY', 'EXCERPT', 'KEYWORDS', 'COMMENT', 'PING']);

/** MM/DD/YYYY hh:mm:ss AM|PM, or the 24-hour form without AM/PM. Japan time when no zone
 * is given (these exports carry local time). Undefined when it is not a real date. */
export function parseMtDate(value: string): Date | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(value.trim());
  if (!m) return undefined;
  const [, mo, d, y, hRaw, mi, s = '0', ampm] = m;
  let h = Number(hRaw);
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm.toUpperCase() === 'PM' && h !== 12) h += 12;
    if (ampm.toUpperCase() === 'AM' && h === 12) h = 0;
  }
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  // In the site's time zone; 02/30 is refused rather than rolled over into March.
  return parseLocalDateTime(
    `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:${mi}:${String(s).padStart(2, '0')}`,
  );
}

/** TAGS: "two words",single,"with ""quote""" */
export function parseTags(value: string): string[] {
  const tags: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]+))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < value.length && (m = re.exec(value))) {
    const tag = (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!).trim();
    if (tag) tags.push(tag);
    if (m[0] === '') break;
  }
  return tags;
}

function emptyMtEntry(index: number, line: number): MtEntry {
  return { ...emptyEntry(index, line), allowComments: true, primaryCategory: '', pings: [] };
}

function keyValue(line: string): [string, string] | undefined {
  const m = /^([A-Z][A-Z ]*[A-Z]):\s?(.*)$/.exec(line);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** Reads entries from lines; throws MtFormatError naming the entry and line when the file is
 * not this format or is cut off. */
export async function* parseMt(lines: AsyncIterable<string>): AsyncGenerator<MtEntry> {
  let lineNo = 0;
  let index = 0;
  let entry: MtEntry | undefined;
  let section: string | undefined;
  let buffer: string[] = [];
  let bufferChars = 0;
  let sectionHeader: Record<string, string> = {};
  let inSectionHeader = false;
  let sawAnything = false;

  const closeSection = () => {
    if (!entry || !section) return;
    const text = buffer.join('\n').replace(/\n+$/, '');
    if (section === 'BODY') entry.body = text;
    else if (section === 'EXTENDED BODY') entry.extendedBody = text;
    else if (section === 'EXCERPT') entry.excerpt = text;
    else if (section === 'KEYWORDS') entry.keywords = text;
    else if (section === 'COMMENT') {
      entry.comments.push({
        author: sectionHeader.AUTHOR ?? '',
        email: sectionHeader.EMAIL ?? '',
        ip: sectionHeader.IP ?? '',
        url: sectionHeader.URL ?? '',
        date: sectionHeader.DATE ? parseMtDate(sectionHeader.DATE) : undefined,
        body: text,
      });
    } else if (section === 'PING') {
      entry.pings.push({
        title: sectionHeader.TITLE ?? '',
        url: sectionHeader.URL ?? '',
        blogName: sectionHeader['BLOG NAME'] ?? '',
        date: sectionHeader.DATE ? parseMtDate(sectionHeader.DATE) : undefined,
        excerpt: text,
      });
    }
    section = undefined;
    buffer = [];
    bufferChars = 0;
    sectionHeader = {};
  };

  for await (const raw of lines) {
    lineNo++;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!entry) {
      if (!line.trim()) continue;
      index++;
      entry = emptyMtEntry(index, lineNo);
    }
    if (ENTRY_END.test(line)) {
      if (section)
        throw new MtFormatError(
          `${index}件目（${lineNo}行目）: 「${section}」の区切り（-----）がないまま記事が終わっています`,
          index,
          lineNo,
        );
      if (!entry.title && !entry.body)
        throw new MtFormatError(`${index}件目（${entry.line}行目）: タイトルも本文もありません`, index, entry.line);
      yield entry;
      entry = undefined;
      continue;
    }
    if (section) {
      if (SECTION_END.test(line)) {
        closeSection();
        continue;
      }
      // COMMENT and PING sections start with their own KEY: value lines.
      if (inSectionHeader) {
        const kv = keyValue(line);
        if (kv && ['AUTHOR', 'EMAIL', 'IP', 'URL', 'DATE', 'TITLE', 'BLOG NAME'].includes(kv[0])) {
          sectionHeader[kv[0]] = kv[1];
          continue;
        }
        inSectionHeader = false;
      }
      bufferChars += line.length + 1;
      if (bufferChars > MAX_TEXT_CHARS) {
        throw new MtFormatError(
          `${index}件目（${entry.line}行目「${entry.title.slice(0, 30)}」）: ${section} が ${MAX_TEXT_CHARS.toLocaleString('en')} 文字を超えています（ブログ記事として大きすぎます）`,
          index,
          lineNo,
        );
      }
      buffer.push(line);
      continue;
    }
    if (SECTION_END.test(line)) continue; // the separator after the header block
    const sectionStart = /^([A-Z][A-Z ]*[A-Z]):\s*$/.exec(line);
    if (sectionStart && SECTIONS.has(sectionStart[1]!)) {
      section = sectionStart[1]!;
      inSectionHeader = section === 'COMMENT' || section === 'PING';
      sawAnything = true;
      continue;
    }
    const kv = keyValue(line);
    if (!kv) {
      if (!line.trim()) continue;
      throw new MtFormatError(`${index}件目（${lineNo}行目）: Movable Type 形式として読めない行です: ${line.slice(0, 40)}`, index, lineNo);
    }
    sawAnything = true;
    const [key, value] = kv;
    switch (key) {
      case 'AUTHOR':
        entry.author = value.trim();
        break;
      case 'TITLE':
        entry.title = value.trim();
        break;
      case 'BASENAME':
        entry.basename = value.trim();
        break;
      case 'STATUS':
        entry.status = /^publish$/i.test(value.trim()) ? 'publish' : 'draft';
        break;
      case 'ALLOW COMMENTS':
        entry.allowComments = value.trim() !== '0';
        break;
      case 'CONVERT BREAKS':
        entry.convertBreaks = value.trim();
        break;
      case 'DATE':
        entry.rawDate = value.trim();
        entry.date = parseMtDate(value);
        if (!entry.date) throw new MtFormatError(`${index}件目（${lineNo}行目）: ありえない日付です: ${value.trim()}`, index, lineNo);
        break;
      case 'PRIMARY CATEGORY':
        entry.primaryCategory = value.trim();
        if (value.trim() && !entry.categories.includes(value.trim())) entry.categories.unshift(value.trim());
        break;
      case 'CATEGORY':
        if (value.trim() && !entry.categories.includes(value.trim())) entry.categories.push(value.trim());
        break;
      case 'TAGS':
        entry.tags = parseTags(value);
        break;
      case 'IMAGE':
        entry.image = value.trim();
        break;
      default:
        // Other keys (ALLOW PINGS, NO ENTRY …) carry nothing Kawaraban keeps.
        break;
    }
  }
  if (entry && sawAnything) {
    throw new MtFormatError(
      `${entry.index}件目（${entry.line}行目から）: ファイルが途中で切れています（最後の「--------」がありません）`,
      entry.index,
      lineNo,
    );
  }
  if (index === 0) throw new MtFormatError('記事が一つもありません（Movable Type 形式のファイルではないようです）', 0, lineNo);
}
