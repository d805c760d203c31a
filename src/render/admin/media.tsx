// The media library: upload, alt text, the snippet to paste into a post, delete if unused.
import type { SessionInfo } from '../../accounts/service.ts';
import type { MediaView } from '../../media/service.ts';
import { CsrfField, PostButton, renderAdmin } from './layout.tsx';

export function renderMediaLibrary(
  styleUrl: string,
  session: SessionInfo,
  items: MediaView[],
  limit: string,
  messages: { notice?: string; error?: string } = {},
): string {
  return renderAdmin(
    { title: 'メディア', styleUrl, session, ...messages },
    <>
      <form method="post" action={`/admin/media?_csrf=${session.csrfToken}`} encType="multipart/form-data" class="admin-form">
        <CsrfField token={session.csrfToken} />
        <label for="file">画像ファイル（JPEG・PNG・WebP・GIF・AVIF、{limit}まで）</label>
        <input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required />
        <label for="alt">代替テキスト（画像の内容の説明。公開前に必須）</label>
        <input id="alt" name="alt" maxLength={500} />
        <button type="submit">アップロード</button>
        <p class="hint">位置情報（GPS）などの撮影データは取り除いて公開されます。元のファイルはサーバー内に保管され、公開されません。</p>
      </form>
      <ul class="media-grid">
        {items.map((m) => (
          <li>
            <img src={m.src} srcset={m.srcset} sizes="200px" alt={m.alt} width={m.width} height={m.height} loading="lazy" />
            <p class="hint">
              {m.originalName}（{m.width}×{m.height}）
            </p>
            <form method="post" action={`/admin/media/${m.id}/alt`} class="admin-form">
              <CsrfField token={session.csrfToken} />
              <label for={`alt-${m.id}`}>代替テキスト</label>
              <input id={`alt-${m.id}`} name="alt" value={m.alt} maxLength={500} />
              <button type="submit">保存</button>
            </form>
            <label for={`snippet-${m.id}`}>記事に貼り付ける記法</label>
            <input id={`snippet-${m.id}`} readOnly value={m.snippet} class="snippet" />
            <PostButton
              action={`/admin/media/${m.id}/delete`}
              token={session.csrfToken}
              label="削除（記事で使っていない場合のみ）"
              danger
            />
          </li>
        ))}
      </ul>
    </>,
  );
}
