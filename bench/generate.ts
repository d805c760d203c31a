import { openDatabase, type Db } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { createAuthor, createCategory, createPost } from '../src/content/service.ts';
import { seededRandom } from '../src/testing/random.ts';

// Generated post bodies for benchmarks: about 2,000 characters of Japanese using the usual
// blocks of a news post, different for every index and the same on every run.
const phrases = [
  '個人データの漏えいが発覚した場合、事業者は速やかに状況を確認する必要があります。',
  '委託先で起きた事故であっても、委託元としての責任は残ります。',
  '報告対象事態に当たるかどうかは、漏えいした項目と人数で判断します。',
  'ISMSの内部監査では、記録が実際の運用と合っているかが問われます。',
  'プライバシーマークの更新審査では、教育の実施記録がよく確認されます。',
  'アクセス権限の見直しは、異動や退職のたびに行うのが基本です。',
  'ランサムウェアの被害は、バックアップの取り方で大きく変わります。',
  'マイナンバーを扱う事務では、取扱担当者を明確にしておきます。',
  '生成AIの利用規程には、入力してよい情報の範囲を書いておきます。',
  '二要素認証を導入すると、パスワードの使い回しによる被害を減らせます。',
];

// More vocabulary, so that words are common in some posts and rare in others, as in a real
// archive: each post draws its sentences from a subject and from the general pool.
const subjects = [
  ['クラウド', 'サーバー', '障害', '復旧', 'データセンター'],
  ['委託先', '契約', '監督', '再委託', '点検'],
  ['誤送信', 'メール', 'FAX', '宛先', '確認画面'],
  ['顔認証', '防犯カメラ', '監視', '掲示', '利用目的'],
  ['暗号化', '鍵', 'USBメモリ', '紛失', 'テレワーク'],
  ['標的型メール', '訓練', '開封率', '報告', '初動'],
  ['EDR', 'SentinelOne', 'アラート', '誤検知', '端末'],
  ['開示請求', '本人確認', '手数料', '訂正', '利用停止'],
  ['クッキー', '外部送信', 'ウェブサイト', '公表', '同意'],
  ['内部監査', 'マネジメントレビュー', '是正処置', '審査', '文書'],
];

export function paragraph(i: number, n: number): string {
  const rnd = seededRandom(i * 7919 + n);
  const words = subjects[i % subjects.length]!;
  let text = '';
  for (let k = 0; k < n; k++) {
    text +=
      rnd() < 0.5
        ? phrases[Math.floor(rnd() * phrases.length)]
        : `${words[Math.floor(rnd() * words.length)]}について、${words[Math.floor(rnd() * words.length)]}の観点から点検しました。`;
  }
  return text;
}

export function generatedPostMarkdown(i: number): string {
  return [
    `::image{src="/static/demo/chart.svg" alt="図${i}" credit="図は計測用に作成" width=800 height=420}`,
    `${paragraph(i, 6)}案件番号K${i}。`,
    '## 経緯',
    `:::timeline\n- ${(i % 12) + 1}月1日: 発覚\n- ${(i % 12) + 1}月3日: 委員会へ報告（速報）\n:::`,
    paragraph(i + 1, 6),
    `- ${phrases[i % 10]}\n- ${phrases[(i + 1) % 10]}\n- ${phrases[(i + 2) % 10]}`,
    `::source{url="https://example.com/news/${i}" title="発表資料 ${i}" publisher="サンプル社"}`,
    `:::commentary\n${paragraph(i + 2, 8)}\n:::`,
    `:::addendum{date="2020-${String((i % 12) + 1).padStart(2, '0')}-15"}\n${paragraph(i + 3, 2)}\n:::`,
    `::cta{label="セミナーに申し込む" url="/category/c0"}`,
  ].join('\n\n');
}

/** Creates `count` published posts in a fresh database; returns the slug of the middle one. */
export async function seedPosts(dbFile: string, count: number): Promise<string> {
  const db = await openDatabase(dbFile);
  await migrate(db);
  try {
    return await seedPostsInto(db, count);
  } finally {
    await db.close();
  }
}

export async function seedPostsInto(db: Db, count: number, onProgress: (done: number) => void = () => {}): Promise<string> {
  const authorId = await createAuthor(db, {
    slug: 'bench',
    displayName: '計測 太郎',
    greeting: 'こんにちは。計測用のサイトです。',
    signoff: '今回の内容が参考になれば幸いです。',
  });
  for (const [i, name] of ['個人情報保護委員会', '漏えい・事故', 'ISMS', 'プライバシーマーク'].entries()) {
    await createCategory(db, { slug: `c${i}`, name });
  }
  let slug = '';
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    const post = await createPost(db, {
      title: `計測用の記事 ${i + 1}：個人データの漏えいと報告の実務`,
      markdown: generatedPostMarkdown(i),
      status: 'published',
      publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 36e5 * 20).toISOString(),
      authorId,
      categories: [`c${i % 4}`],
      tags: [`タグ${i % 10}`],
      slug: `bench-${i + 1}`,
    });
    if (i === Math.floor(count / 2)) slug = post.slug;
    if (i % 500 === 499) onProgress(i + 1);
  }
  console.log(`seeded ${count} posts in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return slug;
}
