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

const KATAKANA = /[\u30A1-\u30FA\u30FD-\u30FF]/;
const LONG_VOWEL = 'ー';

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

const MARK = /[\u0300-\u036F\u3099\u309A\uFF9E\uFF9F]/;

export function normalizeWithMap(input: string): Normalized {
  const chars: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const source = input.toWellFormed();
  const push = (out: string, start: number, end: number) => {
    for (const ch of out) {
      const folded = SMALL_KANA[ch] ?? ch;
      for (let k = 0; k < folded.length; k++) {
        chars.push(folded[k]!);
        from.push(start);
        to.push(end);
      }
    }
  };
  let i = 0;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let end = i + width;
    while (end < source.length && MARK.test(source[end]!)) end++;
    if (end === i + width && cp < 0x80) {
      // ASCII: case and white space only.
      if (cp <= 0x20) {
        if (chars.length && chars[chars.length - 1] !== ' ') push(' ', i, end);
      } else {
        push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : source[i]!, i, end);
      }
    } else if (end === i + width && plainCodePoint(cp)) {
      push(source.slice(i, end), i, end);
    } else {
      const out = source.slice(i, end).normalize('NFKC').toLowerCase();
      if (/^\s+$/.test(out)) {
        if (chars.length && chars[chars.length - 1] !== ' ') push(' ', i, end);
      } else {
        push(out, i, end);
      }
    }
    i = end;
  }
  // Drop a long-vowel mark that ends a katakana word (the next character is not katakana).
  const text: string[] = [];
  const keptFrom: number[] = [];
  const keptTo: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (
      ch === LONG_VOWEL &&
      i > 0 &&
      KATAKANA.test(chars[i - 1]!) &&
      !(i + 1 < chars.length && (KATAKANA.test(chars[i + 1]!) || chars[i + 1] === LONG_VOWEL))
    ) {
      continue;
    }
    text.push(ch);
    keptFrom.push(from[i]!);
    keptTo.push(to[i]!);
  }
  return { text: text.join(''), from: keptFrom, to: keptTo };
}

export function normalize(input: string): string {
  return normalizeWithMap(input).text.trim();
}
