// Short pages after a form or a personal link: what happened, and the next step.
import { Layout, renderDocument, type SiteContext } from '../layout.tsx';

/** A short page for a reader after a form or a link (a registrant, a commenter): a heading, sentences, and optionally a link or button. */
export interface MessagePage {
  title: string;
  lines: string[];
  link?: { href: string; label: string };
  /** A button that posts `hidden` to `action` (confirming is a deliberate act, not a GET). */
  button?: { action: string; hidden: Record<string, string>; label: string };
  status?: 'ok' | 'error';
}

/** The page for a personal link that cannot be used: expired (410 Gone) or not one this site
 * made (400), each with its own explanation of what to do next. */
export function unusableLinkPage(
  reason: 'expired' | 'invalid',
  explanations: Record<'expired' | 'invalid', string>,
): { page: MessagePage; status: 410 | 400 } {
  return {
    page: { title: 'リンクが使えません', lines: [explanations[reason]], status: 'error' },
    status: reason === 'expired' ? 410 : 400,
  };
}

/** A button that posts hidden fields (confirming or leaving is a deliberate act, not a GET). */
export function ButtonForm({ action, hidden, label }: { action: string; hidden: Record<string, string>; label: string }) {
  return (
    <form method="post" action={action}>
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <p>
        <button type="submit" class="button-primary">
          {label}
        </button>
      </p>
    </form>
  );
}

export function renderMessage(site: SiteContext, m: MessagePage, path = '/'): string {
  return renderDocument(
    <Layout site={site} meta={{ title: m.title, path, noindex: true }} withSidebar={false}>
      <section class={`event-message ${m.status === 'error' ? 'is-error' : ''}`}>
        <h1>{m.title}</h1>
        {m.lines.filter(Boolean).map((l) => (
          <p>{l}</p>
        ))}
        {m.link ? (
          <p>
            <a class="button-primary" href={m.link.href} rel="noopener noreferrer">
              {m.link.label}
            </a>
          </p>
        ) : null}
        {m.button ? <ButtonForm {...m.button} /> : null}
      </section>
    </Layout>,
  );
}
