import type { Target } from '../db/campaigns';
import { intlLocales } from '../lib/intl';
import { targetName } from '../lib/target-name';
import type { I18n } from '../i18n/lang';
import { COUNTRY_CODES, countryName } from '../lib/countries';
import { Rich } from './rich';

/** What the form shows: the user's input and a message per field. */
export type FormState = { values: Record<string, string>; errors: Record<string, string> };

export const emptyForm: FormState = { values: {}, errors: {} };

const FIELD_ORDER = ['name', 'email', 'country', 'city', 'message', 'target', 'public', 'reply', 'updates', 'consent', 'cf-turnstile-response'];

function fieldProps(name: string, state: FormState, first: string | undefined) {
  const error = state.errors[name];
  return {
    id: name,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': error ? `${name}-error` : undefined,
    autofocus: first === name ? true : undefined,
  };
}

function FieldError({ name, state }: { name: string; state: FormState }) {
  const error = state.errors[name];
  return error ? <p class="field-error" id={`${name}-error`}>{error}</p> : null;
}

/** Country codes sorted by their names in `locale`. */
function byName(codes: readonly string[], locale: string): string[] {
  const collator = new Intl.Collator(intlLocales(locale));
  return [...codes].sort((a, b) => collator.compare(countryName(a, locale), countryName(b, locale)));
}

/**
 * Targets in the page's language, grouped by country (groups and names sorted in that
 * language). `data-country` lets campaign.js preselect the embassy of the chosen country;
 * without JavaScript the list works the same, only nothing is preselected.
 */
function TargetSelect({ targets, state, first, i18n }: { targets: Target[]; state: FormState; first?: string; i18n: I18n }) {
  const { locale } = i18n;
  const collator = new Intl.Collator(intlLocales(locale));
  const byCountry = Map.groupBy(targets, (t) => t.country);
  return (
    <select {...fieldProps('target', state, first)}>
      <option value="">{i18n.t('form.noTarget')}</option>
      {byName([...byCountry.keys()], locale).map((code) => (
        <optgroup label={countryName(code, locale)} data-country={code}>
          {(byCountry.get(code) ?? [])
            .map((t) => ({ id: t.id, name: targetName(t, locale) }))
            .sort((a, b) => collator.compare(a.name, b.name))
            .map((t) => (
              <option value={t.id} selected={state.values.target === t.id}>{t.name}</option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The signing form; works without JavaScript, posts to /c/:slug/sign (keeping `?lang=`). */
export function SignForm({ slug, targets, state, turnstileSiteKey, i18n }: { slug: string; targets: Target[]; state: FormState; turnstileSiteKey?: string; i18n: I18n }) {
  const { t, link, locale } = i18n;
  const first = FIELD_ORDER.find((f) => state.errors[f]);
  const countries = byName(COUNTRY_CODES, locale);
  const v = state.values;
  const checked = (name: string) => v[name] === 'on' || v[name] === 'true';
  return (
    <form method="post" action={link(`/c/${slug}/sign`)} class="sign-form" novalidate>
      <h2 id="sign">{t('form.heading')}</h2>
      {state.errors['(form)'] && (
        <div class="error-summary" role="alert">
          <p>{state.errors['(form)']}</p>
        </div>
      )}
      {first && (
        <div class="error-summary" role="alert">
          <p>{t('form.correct')}</p>
          <ul>
            {FIELD_ORDER.filter((f) => state.errors[f]).map((f) => (
              <li><a href={`#${f}`}>{state.errors[f]}</a></li>
            ))}
          </ul>
        </div>
      )}
      <label for="name">{t('form.name')}</label>
      <input type="text" autocomplete="name" maxlength={100} required value={v.name ?? ''} {...fieldProps('name', state, first)} />
      <FieldError name="name" state={state} />

      <label for="email">{t('form.email')} <span class="hint">{t('form.emailHint')}</span></label>
      <input type="email" autocomplete="email" maxlength={254} required value={v.email ?? ''} {...fieldProps('email', state, first)} />
      <FieldError name="email" state={state} />

      <div class="pair">
        <div>
          <label for="country">{t('form.country')}</label>
          <select required autocomplete="country" {...fieldProps('country', state, first)}>
            <option value="">{t('form.choose')}</option>
            {countries.map((code) => <option value={code} selected={v.country === code}>{countryName(code, locale)}</option>)}
          </select>
          <FieldError name="country" state={state} />
        </div>
        <div>
          <label for="city">{t('form.city')}</label>
          <input type="text" autocomplete="address-level2" maxlength={100} required value={v.city ?? ''} {...fieldProps('city', state, first)} />
          <FieldError name="city" state={state} />
        </div>
      </div>

      <label for="message">{t('form.message')} <span class="hint">{t('form.optional')}</span></label>
      <textarea rows={2} maxlength={2000} {...fieldProps('message', state, first)}>{v.message ?? ''}</textarea>
      <FieldError name="message" state={state} />

      {targets.length > 0 && (
        <>
          <label for="target">{t('form.target')}</label>
          <TargetSelect targets={targets} state={state} first={first} i18n={i18n} />
          <FieldError name="target" state={state} />
        </>
      )}

      <div class="check">
        <input type="checkbox" checked={checked('public')} {...fieldProps('public', state, first)} />
        <label for="public">{t('form.public')}</label>
      </div>
      <div class="check">
        <input type="checkbox" checked={checked('reply')} {...fieldProps('reply', state, first)} />
        <label for="reply">{t('form.reply')}</label>
      </div>
      <div class="check">
        <input type="checkbox" checked={checked('updates')} {...fieldProps('updates', state, first)} />
        <label for="updates">{t('form.updates')}</label>
      </div>
      <div class="check">
        <input type="checkbox" required checked={checked('consent')} {...fieldProps('consent', state, first)} />
        <label for="consent">
          <Rich text={t('form.consent')} parts={{ privacy: <a href={link(`/c/${slug}/privacy`)}>{t('form.privacyLink')}</a> }} />
        </label>
      </div>
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
