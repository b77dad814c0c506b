import type { I18n } from '../i18n/lang';
import type { FormState } from './sign-form';

const FIELDS = ['name', 'email', 'show', 'consent'];

function props(name: string, state: FormState, first: string | undefined) {
  const error = state.errors[name];
  return {
    id: `rsvp-${name}`, name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': error ? `rsvp-${name}-error` : undefined,
    autofocus: first === name ? true : undefined,
  };
}

function FieldError({ name, state }: { name: string; state: FormState }) {
  const error = state.errors[name];
  return error ? <p class="field-error" id={`rsvp-${name}-error`}>{error}</p> : null;
}

/** "I'll be there": works without JavaScript; "show my name" is unticked unless the supporter ticks it. */
export function RsvpForm({ action, state, i18n }: { action: string; state: FormState; i18n: I18n }) {
  const { t } = i18n;
  const first = FIELDS.find((f) => state.errors[f]);
  const v = state.values;
  const checked = (name: string) => v[name] === 'on' || v[name] === 'true';
  return (
    <form method="post" action={action} class="sign-form rsvp-form" novalidate>
      <h2 id="rsvp">{t('picket.rsvp.heading')}</h2>
      <p>{t('picket.rsvp.intro')}</p>
      {state.errors['(form)'] && <div class="error-summary" role="alert"><p>{state.errors['(form)']}</p></div>}
      {first && (
        <div class="error-summary" role="alert">
          <p>{t('form.correct')}</p>
          <ul>{FIELDS.filter((f) => state.errors[f]).map((f) => <li><a href={`#rsvp-${f}`}>{state.errors[f]}</a></li>)}</ul>
        </div>
      )}
      <label for="rsvp-name">{t('picket.rsvp.name')}</label>
      <input type="text" autocomplete="name" maxlength={100} dir="auto" value={v.name ?? ''} {...props('name', state, first)} />
      <FieldError name="name" state={state} />
      <label for="rsvp-email">{t('picket.rsvp.email')}</label>
      <input type="email" autocomplete="email" maxlength={254} required value={v.email ?? ''} {...props('email', state, first)} />
      <FieldError name="email" state={state} />
      <div class="check">
        <input type="checkbox" checked={checked('show')} {...props('show', state, first)} />
        <label for="rsvp-show">{t('picket.rsvp.showName')}</label>
      </div>
      <div class="check">
        <input type="checkbox" required checked={checked('consent')} {...props('consent', state, first)} />
        <label for="rsvp-consent">{t('picket.rsvp.consent')}</label>
      </div>
      <FieldError name="consent" state={state} />
      <div class="hp" aria-hidden="true">
        <label for="rsvp-website">{t('form.honeypot')}</label>
        <input type="text" id="rsvp-website" name="website" tabindex={-1} autocomplete="off" value="" />
      </div>
      <p class="hint">{t('picket.rsvp.private')}</p>
      <button type="submit" class="submit">{t('picket.rsvp.button')}</button>
    </form>
  );
}
