// ::tool{name="…"} → a link card to one of the site's tools. The texts live here, beside the
// card, so a post shows the same words as the tool's own page.
import type { JSX } from 'preact';
import type { ToolBlock } from './blocks.ts';

export const toolCards: Record<ToolBlock['name'], { title: string; lead: string; href: string; action: string }> = {
  breach: {
    title: '漏えい等報告の判定ツール',
    lead: '発覚日と事態の内容を選ぶと、個人情報保護委員会への報告が必要か、速報・確報の期限、本人通知の要否を条文つきで示します。入力内容は保存しません。',
    href: '/tools/breach',
    action: '判定する',
  },
  soa: {
    title: '適用宣言書（SoA）ビルダー',
    lead: 'ISO/IEC 27001:2022 附属書Aの93の管理策について、適用・除外の理由と実施状況を入力し、審査向けの Excel ファイルを作れます。アカウント不要です。',
    href: '/tools/soa',
    action: '作成する',
  },
};

// Unnamed, as the 出典 list: inside the post's article an aside is no landmark, so the same
// card in two posts on one page is not two landmarks of one name.
export function ToolCard({ block }: { block: ToolBlock }): JSX.Element {
  const card = toolCards[block.name];
  return (
    <aside class="block-tool">
      <p class="block-tool-label">ツール</p>
      <p class="block-tool-title">
        <a href={card.href}>{card.title}</a>
      </p>
      <p class="block-tool-lead">{card.lead}</p>
      <p class="block-tool-action">
        <a class="cta cta-secondary" href={card.href}>
          {card.action}
        </a>
      </p>
    </aside>
  );
}
