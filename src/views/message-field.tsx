import type { I18n } from '../i18n/lang';
import { MESSAGE_MAX } from '../schemas/signature';
import { FieldError, fieldProps, type FormState } from './form-fields';
import { pluralForms } from './plural-forms';

/**
 * The supporter's message: its limit said in the hint under it (the field's description);
 * message-count.js turns that hint into how many characters remain (a polite live region says it when typing pauses) and stops a longer one
 * before it is sent. No `maxlength`: a longer paste is kept whole and refused with a message
 * (by the script, else by the server's 422), never cut without a word. `dir="auto"`: a
 * message in Arabic or Hebrew is typed and shown right to left.
 */
export function MessageField({ state, first, rows, i18n }: { state: FormState; first?: string; rows: number; i18n: I18n }) {
  const { t } = i18n;
  return (
    <>
      <label for="message">{t('form.message')} <span class="hint">{t('form.optional')}</span></label>
      <textarea rows={rows} dir="auto" data-limit={MESSAGE_MAX} {...fieldProps('message', state, first)} aria-describedby={state.errors.message ? 'message-error message-count' : 'message-count'}>{state.values.message ?? ''}</textarea>
      <p class="hint char-count" id="message-count" data-left={pluralForms(i18n, 'form.charsLeft')} data-over={pluralForms(i18n, 'form.charsOver')}>
        {t('form.messageLimit', { max: MESSAGE_MAX })}
      </p>
      <p class="visually-hidden" id="message-live" aria-live="polite" />
      <FieldError name="message" state={state} />
    </>
  );
}
