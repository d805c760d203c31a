// The subscribe form in the sidebar and under each post (a leaf: the layout and pages use it).
import type { JSX } from 'preact';

/** The small form in the sidebar and under each post: the address, then the full form with
 * the notice (consent is given there, after reading it). */
export function SubscribeBox({ follow, id }: { follow?: string; id: string }): JSX.Element {
  return (
    <form class="subscribe-box" method="get" action="/subscribe">
      {follow ? <input type="hidden" name="follow" value={follow} /> : null}
      <label for={id}>メールアドレス</label>
      <input id={id} name="email" type="email" maxLength={254} autocomplete="email" />
      <button type="submit">{follow ? 'この記事の追記をメールで受け取る' : 'メールで購読する'}</button>
    </form>
  );
}
