// Pieces of the public forms (event registration, comments): a labelled field, and what
// keeps bots out — the signed form token and the honeypot (web/form-guard.ts checks both).
import type { JSX } from 'preact';

export function Field({
  name,
  label,
  value,
  type = 'text',
  required = true,
  autocomplete,
  hint,
  maxLength,
}: {
  name: string;
  label: string;
  value?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  maxLength?: number;
}): JSX.Element {
  return (
    <p class="form-field">
      <label for={`f-${name}`}>
        {label}
        {required ? <span class="required">（必須）</span> : <span class="optional">（任意）</span>}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        autocomplete={autocomplete}
        maxLength={maxLength ?? (type === 'email' ? 254 : 200)}
      />
      {hint ? <small>{hint}</small> : null}
    </p>
  );
}

/** The form token and the honeypot: left empty by people, filled by bots that fill every
 * field; hidden from sight and from screen readers. The token only where the page carries
 * one (a form on a cached page does not: its token comes from a step never cached). */
export function BotFields({ formToken }: { formToken?: string }): JSX.Element {
  return (
    <>
      {formToken ? <input type="hidden" name="_form" value={formToken} /> : null}
      <p class="hp" aria-hidden="true">
        <label for="f-website">ウェブサイト（入力しないでください）</label>
        <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" />
      </p>
    </>
  );
}
