import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';

/** What every input of the editor needs: the values as typed and a message per field. */
export type FieldState = { values: Record<string, string>; errors: Record<string, string>; i18n: I18n };

/** A select's choices: the value sent, and the words the organiser reads. */
export type Options = readonly (readonly [string, string])[];

type FieldProps = { name: string; label: MessageKey; s: FieldState; type?: string; rows?: number; hint?: MessageKey; options?: Options; readonly?: boolean; lang?: string };

/** The id of a field's input (and, with `-error`, of its message): what the problem list links to. */
export function idOf(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

/** One labelled input named by the file field's path, its problem right under it. */
export function Field({ name, label, s, type = 'text', rows, hint, options, readonly, lang }: FieldProps) {
  const id = idOf(name);
  const value = s.values[name] ?? '';
  const error = s.errors[name];
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = { id, name, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described };
  return (
    <p class={error ? 'field invalid' : 'field'}>
      <label for={id}>{s.i18n.t(label)}{lang && ` (${lang})`}</label>
      {options ? (
        <select {...common}>{options.map(([o, words]) => <option value={o} selected={o === value}>{words}</option>)}</select>
      ) : rows ? (
        <textarea {...common} rows={rows} lang={lang}>{value}</textarea>
      ) : (
        <input {...common} type={type} value={value} readonly={readonly} lang={lang} />
      )}
      {hint && <small id={`${id}-hint`} class="hint">{s.i18n.t(hint)}</small>}
      {error && <span class="field-error" id={`${id}-error`}>{error}</span>}
    </p>
  );
}

/** A checkbox; `<name>.present` says the form had it, so an unticked box means false. */
export function Checkbox({ name, label, s }: { name: string; label: MessageKey; s: FieldState }) {
  const id = idOf(name);
  const group = name.split('.')[0];
  return (
    <p class="field check">
      <input type="hidden" name={`${group}.present`} value="1" />
      <input type="checkbox" id={id} name={name} checked={s.values[name] === 'on'} />
      <label for={id}>{s.i18n.t(label)}</label>
    </p>
  );
}
