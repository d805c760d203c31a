// Sample content for `kawaraban demo`. Written for Kawaraban: the companies, people and
// incidents are invented; the legal facts (report deadlines, Annex A counts) are real.
// Together the posts use every block type, so a newcomer sees every part of a post.

export const demoSettings = {
  title: '瓦版デモ：個人情報とセキュリティの便り',
  tagline: '個人情報保護・プライバシーマークと情報セキュリティ・ISMSの話題を、コンサルタントの目線でお届けするサンプルサイトです。',
  description: '個人情報保護委員会の発表、情報漏えい事故、ISMS認証の動きを、解説つきでまとめる瓦版のデモサイト。',
  footer: 'このサイトは瓦版（Kawaraban）のデモです。登場する会社・人物・事故はすべて架空のものです。',
  // The sample posts carry fixed dates in the past: with the default (closing 90 days after
  // publication) a newcomer's demo would show no comment form anywhere.
  commentCloseDays: 0,
};

export const demoAuthor = {
  slug: 'mihon',
  displayName: '見本 太郎',
  profile:
    '個人情報保護と情報セキュリティのコンサルタント（架空の人物）。\nプライバシーマークとISMSの取得・運用を、中小企業の現場で支えています。',
  greeting: 'こんにちは。瓦版デモの見本太郎です。',
  signoff: '今回の話題が、皆さんの社内ルールを見直すきっかけになれば幸いです。\n続報が入りましたら、またこちらでお知らせします。',
};

export const demoCategories = [
  { slug: 'ppc', name: '個人情報保護委員会', description: '個人情報保護委員会（PPC）の発表やガイドラインの動き。', position: 1 },
  { slug: 'incidents', name: '漏えい・事故', description: '情報漏えいやシステム障害の事例と、そこから学べること。', position: 2 },
  { slug: 'isms', name: 'ISMS', description: '情報セキュリティマネジメントシステムの話題。', position: 3 },
  { slug: 'iso27001', name: 'ISO/IEC 27001', description: '規格の改訂と移行の実務。', position: 1, parentSlug: 'isms' },
  { slug: 'privacy-mark', name: 'プライバシーマーク', description: 'Pマークの審査や運用のこと。', position: 4 },
  { slug: 'seminars', name: 'セミナー・資料', description: 'セミナー、ウェビナー、ダウンロード資料のご案内。', position: 5 },
];

export interface DemoPost {
  slug: string;
  title: string;
  publishedAt: string;
  categories: string[];
  tags: string[];
  markdown: string;
}

export const demoPosts: DemoPost[] = [
  {
    slug: 'report-deadlines-explained',
    title: '漏えいが起きたら何日以内に報告？〜速報と確報の期限を一枚で〜',
    publishedAt: '2025-09-02T09:00:00+09:00',
    categories: ['ppc'],
    tags: ['報告対象事態', '漏えい'],
    markdown: `::cta{label="「漏えい対応の初動」ウェビナーに申し込む" url="/category/seminars" style="primary"}

::image{src="/static/demo/timeline.svg" alt="発覚から速報・確報までの期限を示す図" caption="報告の期限" credit="図は瓦版デモ編集部が作成" width=800 height=420}

個人データの漏えいが「報告対象事態」に当たるとき、事業者は個人情報保護委員会へ**二段階**で報告します。期限を取り違える相談が多いので、要点をまとめます。

## 期限の早見表

| 報告 | 期限の目安 | 内容 |
| --- | --- | --- |
| 速報 | 知った時点からおおむね3〜5日以内 | その時点で分かっていること |
| 確報 | 30日以内 | 原因、影響の範囲、再発防止策 |
| 確報（不正目的のおそれ） | 60日以内 | 同上 |

本人への通知も、状況に応じて速やかに行う必要があります。

自社の事案が報告の対象になるか、期限はいつかは、判定ツールで確かめられます。

::tool{name="breach"}

::source{url="https://www.ppc.go.jp/personalinfo/legal/leakAction/" title="漏えい等の対応とお役立ち資料" publisher="個人情報保護委員会"}

:::commentary
期限の起算点は「漏えいを**知った時点**」です。現場が気づいてから管理部門に上がるまで数日かかる会社では、それだけで速報の余裕がなくなります。

- 夜間・休日の連絡網を決めておく
- 速報の書式を事前に埋められるところまで埋めておく
:::

:::addendum{date="2025-09-10"}
読者の方から「委託先で起きた漏えいは誰が報告するのか」という質問をいただきました。原則は委託元ですが、委託先が報告して委託元に通知する形も認められています。契約書の条項を確認しておきましょう。
:::
`,
  },
  {
    slug: 'p-20250918',
    title: '架空の給与計算クラウドでランサムウェア被害、利用企業2,000社に影響',
    publishedAt: '2025-09-18T18:30:00+09:00',
    categories: ['incidents'],
    tags: ['ランサムウェア', '委託先管理', '漏えい'],
    markdown: `給与計算のクラウドサービスを提供する架空の「サンプル計算株式会社」が、ランサムウェアによるサーバー停止を発表しました（この記事の会社と事故は説明のための架空のものです）。

:::timeline
- 9月8日早朝: サーバーが応答しなくなり、サービスを停止
- 9月9日: 外部の調査会社に調査を依頼
- 9月11日: 個人情報保護委員会へ報告（速報）
- 9月16日: 利用企業向け説明会を開催
:::

発表によれば、利用企業はおよそ2,000社、影響を受けうる従業員のデータは約40万人分です。

::source{url="https://example.com/news/2025/0918" title="サービス停止に関するお知らせ（架空）" publisher="サンプル計算株式会社"}

:::commentary
利用企業の側も「委託元」として報告の当事者になりえます。ベンダーからの報告を待つだけでなく、自社の従業員データがどの範囲で預けられていたかを、すぐに答えられるようにしておきたいところです。

> 委託先の事故は、委託元の事故でもある。

監査の場でよく使われる言い回しですが、今回はまさにその通りの展開になりました。
:::

:::addendum{date="2025-09-25"}
調査の中間報告が公表されました。バックアップは無事で、9月24日に復旧したとのことです。

::source{url="https://example.com/news/2025/0925" title="復旧のお知らせ（架空）" publisher="サンプル計算株式会社"}
:::

:::addendum{date="2025-10-03"}
最終報告では、データが外部に持ち出された形跡は確認されなかったとされました。ただし「形跡がない」ことと「持ち出されていない」ことは同じではありません。
:::
`,
  },
  {
    slug: 'iso-iec-27001-2022-soa',
    title: 'ISO/IEC 27001:2022の適用宣言書、93の管理策をどう書くか',
    publishedAt: '2025-10-01T10:00:00+09:00',
    categories: ['iso27001', 'seminars'],
    tags: ['ISMS', 'ISO27001', '適用宣言書'],
    markdown: `2022年版の附属書Aは、管理策が**93**に整理され、4つのテーマに分かれました。

1. 組織的管理策（37）
2. 人的管理策（8）
3. 物理的管理策（14）
4. 技術的管理策（34）

適用宣言書（SoA）では、管理策ごとに次の4つを書きます。

- 適用するかどうか
- その理由（適用する理由・除外する理由）
- 実施状況
- 関連する規程や記録

::image{src="/static/demo/chart.svg" alt="テーマ別の管理策の数を示す棒グラフ" caption="テーマ別の管理策数" credit="図は瓦版デモ編集部が作成" width=800 height=420}

表計算で管理するときの列の例です。

\`\`\`text
管理策番号, 管理策名, 適用, 理由, 実施状況, 関連文書
5.1, 情報セキュリティのための方針群, ○, 全社方針として必須, 実施済み, 情報セキュリティ基本方針
\`\`\`

:::commentary
「除外」の理由を一言で済ませると、審査で必ず質問されます。たとえば物理的管理策を除外するなら、「オフィスを持たない」ではなく、**どこで情報を扱っているのか**まで書くのが安全です。
:::

自社の適用宣言書は、ブラウザーの中で下書きして Excel で受け取れます。

::tool{name="soa"}

::cta{label="適用宣言書のテンプレート（Excel）をダウンロードする" url="/category/seminars" style="primary"}
`,
  },
  {
    slug: 'p-20251015',
    title: '生成AIに顧客情報を入力してよいか、社内ルールの作り方',
    publishedAt: '2025-10-15T12:00:00+09:00',
    categories: ['ppc', 'privacy-mark'],
    tags: ['生成AI', '個人情報'],
    markdown: `「生成AIサービスに顧客のメールを貼り付けて要約させたい」という相談が増えています。

### まず確かめること

- 入力したデータがサービス側の学習に使われるか
- データがどの国のサーバーに保存されるか
- 利用目的の範囲内といえるか

> 個人情報を含む入力をする場合は、利用目的の達成に必要な範囲内であることを十分に確認すること。

委員会は、生成AIの利用について注意喚起を公表しています（引用は趣旨）。

::source{url="https://www.ppc.go.jp/news/careful_information/230602_AI_utilize_alert/" title="生成AIサービスの利用に関する注意喚起等" publisher="個人情報保護委員会"}

---

:::commentary
禁止だけのルールは、守られずに終わります。「この種類のデータは、この設定のサービスになら入れてよい」という**許可の形**で書くと、現場が迷いません。
:::
`,
  },
  {
    slug: 'privacy-mark-online-portal-2fa',
    title: 'Pマークの申請がオンラインに、二要素認証のログインに備える',
    publishedAt: '2025-10-28T09:30:00+09:00',
    categories: ['privacy-mark'],
    tags: ['プライバシーマーク', '二要素認証'],
    markdown: `::image{src="/static/demo/lock.svg" alt="鍵の絵" credit="画像は瓦版デモ編集部が作成" width=800 height=420}

プライバシーマークの申請手続きが、オンラインの窓口に移っていきます。ログインには二要素認証が使われます。

:::note
※この記事は2025年4月に公開したものを、手順を改めて再掲します。内容は今も有効です。
:::

## 準備しておくこと

- 担当者ごとのアカウント（共用しない）
- 認証アプリを入れた業務用のスマートフォン
- 担当者が異動したときの引き継ぎ手順

:::html
<p>申請窓口の画面は、次のような構成になっています（<strong>架空の例</strong>）。</p>
<ul><li>申請状況の確認</li><li>書類の提出</li><li>審査機関とのやりとり</li></ul>
:::

:::commentary
認証アプリの入ったスマートフォンを担当者の私物にしてしまうと、退職や紛失のときに手続きが止まります。**回復コードの保管場所**も社内ルールに書いておきましょう。
:::
`,
  },
  {
    slug: 'privacy-mark-statistics-2025',
    title: 'プライバシーマーク付与事業者数の推移を読む',
    publishedAt: '2025-11-05T08:00:00+09:00',
    categories: ['privacy-mark'],
    tags: ['プライバシーマーク', '統計'],
    markdown: `付与事業者数は長く増え続けてきました。2023年3月末の時点では17,480社で、1年で523社増えています。

:::chart{kind="bar" title="プライバシーマーク付与事業者数" unit="社"}
| 時点 | 付与事業者数 |
| --- | --- |
| 2022年3月末 | 16,957 |
| 2023年3月末 | 17,480 |
:::

増加のペースは落ち着いてきていますが、取引先からの求めで新しく取得する会社は今も多くあります。

:::commentary
数字が増えているうちは「取っていて当たり前」の認証です。差がつくのは取得後の運用で、特に**教育と内部監査の記録**が形だけになっていないかが見られます。
:::

::cta{label="Pマーク運用の見直しセミナー（オンデマンド）を視聴する" url="/category/seminars" style="secondary"}
`,
  },
  {
    slug: 'kiosk-certificate-mixup',
    title: '証明書の誤交付はなぜ起きたか〜負荷が集中したときのシステム〜',
    publishedAt: '2025-11-12T19:00:00+09:00',
    categories: ['incidents'],
    tags: ['誤交付', 'システム障害', 'マイナンバー'],
    markdown: `架空の「見本市」で、コンビニ交付サービスで別人の住民票の写しが出力される事故がありました（説明のための架空の事例です）。

:::timeline
- 11月4日午前: 申請が集中し、処理の遅延が発生
- 11月4日午後: 別人の証明書が出力されたとの申し出
- 11月5日: サービスを一時停止
- 11月7日: 原因を公表
:::

原因は、同時に処理された2件の申請で、印刷用の一時ファイルの名前が重なったことでした。

::source{url="https://example.com/city/press/20251107" title="証明書の誤交付について（架空）" publisher="見本市"}
::source{url="https://example.com/vendor/info/20251107" title="当社システムの不具合について（架空）" publisher="見本システム株式会社"}

:::commentary
負荷試験は「速さ」だけでなく「正しさ」も確かめる必要があります。多数の同時処理で**他人の情報が混ざらないか**という観点は、見落とされがちです。
:::

:::addendum{date="2025-11-20"}
再発防止策として、一時ファイルの名前に申請ごとの一意な番号を付ける修正が行われ、サービスが再開されました。
:::
`,
  },
  {
    slug: 'edr-introduction-checklist',
    title: 'EDRを入れる前に決めておく5つのこと',
    publishedAt: '2025-11-20T07:45:00+09:00',
    categories: ['isms'],
    tags: ['EDR', 'ISMS', 'セキュリティ製品'],
    markdown: `EDR（Endpoint Detection and Response）は、端末の不審な動きを記録し、検知し、対応するための製品です。導入の前に次のことを決めておくと、運用が止まりません。

1. 誰がアラートを見るのか（社内か、委託先か）
2. 夜間・休日のアラートをどうするか
3. 端末を隔離する判断を誰がするか
4. ログをどれだけの期間残すか
5. 従業員への説明（モニタリングの範囲）

::image{src="/static/demo/chart.svg" alt="アラート件数の推移を示す棒グラフ" caption="導入直後はアラートが多くなりがちです" width=800 height=420}

:::commentary
5番目は個人情報保護の観点からも大切です。端末の操作ログには、従業員の個人情報が含まれます。**利用目的を社内規程に書き、従業員に知らせる**ところまでが導入作業です。
:::

::cta{label="12月10日開催 ISMS担当者向けウェビナーに参加する" url="/category/seminars" style="primary"}
`,
  },
];
