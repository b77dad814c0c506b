import type { Target } from '../db/campaigns';
import type { I18n } from '../i18n/lang';
import { Check, ErrorSummary, FieldError, fieldProps, type FormState, TargetChoice, WhoFields } from './form-fields';
import { MessageField } from './message-field';
import { Rich } from './rich';

export type { FormState } from './form-fields';

export const emptyForm: FormState = { values: {}, errors: {} };

const FIELD_ORDER = ['name', 'email', 'country', 'city', 'message', 'target', 'public', 'reply', 'updates', 'consent', 'cf-turnstile-response'];

/** The signing form; works without JavaScript, posts to /c/:slug/sign (keeping `?lang=`). */
export function SignForm({ slug, targets, state, turnstileSiteKey, i18n }: { slug: string; targets: Target[]; state: FormState; turnstileSiteKey?: string; i18n: I18n }) {
  const { t, link } = i18n;
  const first = FIELD_ORDER.find((f) => state.errors[f]);
  const v = state.values;
  return (
    <form method="post" action={link(`/c/${slug}/sign`)} class="sign-form" novalidate>
      <h2 id="sign">{t('form.heading')}</h2>
      <ErrorSummary order={FIELD_ORDER} state={state} i18n={i18n} />
      <WhoFields state={state} first={first} i18n={i18n}>
        <label for="email">{t('form.email')} <span class="hint">{t('form.emailHint')}</span></label>
        <input type="email" autocomplete="email" maxlength={254} required value={v.email ?? ''} {...fieldProps('email', state, first)} />
        <FieldError name="email" state={state} />
      </WhoFields>

      <MessageField state={state} first={first} rows={2} i18n={i18n} />

      <TargetChoice targets={targets} state={state} first={first} suggest i18n={i18n} />

      <Check name="public" label={t('form.public')} state={state} first={first} />
      <Check name="reply" label={t('form.reply')} state={state} first={first} />
      <Check name="updates" label={t('form.updates')} state={state} first={first} />
      <Check
        name="consent"
        required
        label={<Rich text={t('form.consent')} parts={{ privacy: <a href={link(`/c/${slug}/privacy`)}>{t('form.privacyLink')}</a> }} />}
        state={state}
        first={first}
      />
      <FieldError name="consent" state={state} />

      {turnstileSiteKey && (
        <>
          <div class="cf-turnstile" data-sitekey={turnstileSiteKey} id="cf-turnstile-response" />
          <FieldError name="cf-turnstile-response" state={state} />
        </>
      )}

      {/* Where the supporter came from: filled in by campaign.js from the page's address, which
          the cached page cannot carry (without the script the server reads the Referer). */}
      <input type="hidden" name="source" value={v.source ?? ''} data-source />

      <div class="hp" aria-hidden="true">
        <label for="website">{t('form.honeypot')}</label>
        <input type="text" id="website" name="website" tabindex={-1} autocomplete="off" value="" />
      </div>

      <button type="submit" class="submit">{t('form.submit')}</button>
    </form>
  );
}
