// Text as the search index and queries see it. Both sides go through the same function, so
// what a reader types finds what an author wrote however either was spelled:
// - NFKC: full-width ＩＳＭＳ is ISMS, half-width ｾﾝﾁﾈﾙﾜﾝ is センチネルワン, ① is 1;
// - lower case;
// - small kana as large (ウィルス = ウイルス, ファイル = フアイル), because writers use both;
// - a long-vowel mark ending a katakana word is dropped (サーバー = サーバ, コンピューター =
//   コンピュータ, the JIS and the newspaper spelling); inside a word it stays (ルール ≠ ルル);
// - runs of white space become one space.
// normalizeWithMap also says, for every output character, where it came from in the input,
// so snippets can be cut from (and marked in) the text as written.

const SMALL_KANA: Record<string, string> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ァ: 'ア',
  ィ: 'イ',
  ゥ: 'ウ',
  ェ: 'エ',
  ォ: 'オ',
  ッ: 'ツ',
  ャ: 'ヤ',
  ュ: 'ユ',
  ョ: 'ヨ',
  ヮ: 'ワ',
  ヵ: 'カ',
  ヶ: 'ケ',
};

const LONG_VOWEL = 0x30fc; // ー

export interface Normalized {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the input where its chunk starts. */
  from: number[];
  /** For each UTF-16 unit of `text`, the index in the input just after its chunk. */
  to: number[];
}

/** Code points NFKC leaves alone and that have no case: kana, CJK ideographs, the
 * ideographic space and full stop. Checking this first skips NFKC for most Japanese text. */
function plainCodePoint(cp: number): boolean {
  return (
    (cp >= 0x3041 && cp <= 0x3096) ||
    (cp >= 0x30a1 && cp <= 0x30fa) ||
    cp === 0x30fc ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    cp === 0x3001 ||
    cp === 0x3002
  );
}

/** A combining mark (one UTF-16 unit): combining diacritics, kana voicing marks. */
function isMark(unit: number): boolean {
  return (unit >= 0x0300 && unit <= 0x036f) || unit === 0x3099 || unit === 0x309a || unit === 0xff9e || unit === 0xff9f;
}

/** A katakana letter or mark other than the long vowel (U+30A1–30FA, U+30FD–30FF). */
function isKatakana(unit: number): boolean {
  return (unit >= 0x30a1 && unit <= 0x30fa) || (unit >= 0x30fd && unit <= 0x30ff);
}

/** Small kana as large, for one UTF-16 unit (SMALL_KANA). */
const FOLD = new Map([...Object.entries(SMALL_KANA)].map(([small, large]) => [small.charCodeAt(0), large.charCodeAt(0)]));

function fold(unit: number): number {
  return unit >= 0x3041 && unit <= 0x30f6 ? (FOLD.get(unit) ?? unit) : unit;
}

// Snippets map about a thousand characters for each result shown, so the text is handled as
// UTF-16 units (numbers), and the common cases (ASCII, kana, ideographs) skip NFKC.
export function normalizeWithMap(input: string): Normalized {
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const source = input.toWellFormed();
  const push = (unit: number, start: number, end: number) => {
    units.push(fold(unit));
    from.push(start);
    to.push(end);
  };
  const space = (start: number, end: number) => {
    if (units.length && units[units.length - 1] !== 0x20) push(0x20, start, end);
  };
  let i = 0;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let end = i + width;
    while (end < source.length && isMark(source.charCodeAt(end))) end++;
    if (end === i + width && cp < 0x80) {
      // ASCII: case and white space only.
      if (cp <= 0x20) space(i, end);
      else push(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp, i, end);
    } else if (end === i + width && plainCodePoint(cp)) {
      push(cp, i, end);
    } else {
      const out = source.slice(i, end).normalize('NFKC').toLowerCase();
      if (/^\s+$/.test(out)) space(i, end);
      else for (let k = 0; k < out.length; k++) push(out.charCodeAt(k), i, end);
    }
    i = end;
  }
  // Drop a long-vowel mark that ends a katakana word (the next character is not katakana).
  const kept: number[] = [];
  const keptFrom: number[] = [];
  const keptTo: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (
      unit === LONG_VOWEL &&
      i > 0 &&
      isKatakana(units[i - 1]!) &&
      !(i + 1 < units.length && (isKatakana(units[i + 1]!) || units[i + 1] === LONG_VOWEL))
    ) {
      continue;
    }
    kept.push(unit);
    keptFrom.push(from[i]!);
    keptTo.push(to[i]!);
  }
  return { text: fromUnits(kept), from: keptFrom, to: keptTo };
}

/** The string of these UTF-16 units (in slices: a call takes only so many arguments). */
function fromUnits(units: number[]): string {
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
  return text;
}

export function normalize(input: string): string {
  return normalizeWithMap(input).text.trim();
}
