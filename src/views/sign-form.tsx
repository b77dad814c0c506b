import type { Target } from '../db/campaigns';
import { COUNTRY_CODES, countryName } from '../lib/countries';

/** What the form shows: the user's input and a message per field. */
export type FormState = { values: Record<string, string>; errors: Record<string, string> };

export const emptyForm: FormState = { values: {}, errors: {} };

const FIELD_ORDER = ['name', 'email', 'country', 'city', 'message', 'target', 'public', 'reply', 'consent', 'cf-turnstile-response'];

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

function TargetSelect({ targets, state, first }: { targets: Target[]; state: FormState; first?: string }) {
  const byCountry = Map.groupBy(targets, (t) => t.country);
  const countries = [...byCountry.keys()].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  return (
    <select {...fieldProps('target', state, first)}>
      <option value="">No embassy — only the campaign</option>
      {countries.map((code) => (
        <optgroup label={countryName(code)}>
          {(byCountry.get(code) ?? []).map((t) => (
            <option value={t.id} selected={state.values.target === t.id}>{t.name}</option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The signing form; works without JavaScript, posts to /c/:slug/sign. */
export function SignForm({ slug, targets, state, turnstileSiteKey }: { slug: string; targets: Target[]; state: FormState; turnstileSiteKey?: string }) {
  const first = FIELD_ORDER.find((f) => state.errors[f]);
  const countries = [...COUNTRY_CODES].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  const v = state.values;
  const checked = (name: string) => v[name] === 'on' || v[name] === 'true';
  return (
    <form method="post" action={`/c/${slug}/sign`} class="sign-form" novalidate>
      <h2 id="sign">Sign</h2>
      {first && (
        <div class="error-summary" role="alert">
          <p>Please correct the following:</p>
          <ul>
            {FIELD_ORDER.filter((f) => state.errors[f]).map((f) => (
              <li><a href={`#${f}`}>{state.errors[f]}</a></li>
            ))}
          </ul>
        </div>
      )}
      <label for="name">Name</label>
      <input type="text" autocomplete="name" maxlength={100} required value={v.name ?? ''} {...fieldProps('name', state, first)} />
      <FieldError name="name" state={state} />

      <label for="email">Email <span class="hint">(to confirm your signature; never shown)</span></label>
      <input type="email" autocomplete="email" maxlength={254} required value={v.email ?? ''} {...fieldProps('email', state, first)} />
      <FieldError name="email" state={state} />

      <label for="country">Country</label>
      <select required {...fieldProps('country', state, first)}>
        <option value="">Choose…</option>
        {countries.map((code) => <option value={code} selected={v.country === code}>{countryName(code)}</option>)}
      </select>
      <FieldError name="country" state={state} />

      <label for="city">City</label>
      <input type="text" autocomplete="address-level2" maxlength={100} required value={v.city ?? ''} {...fieldProps('city', state, first)} />
      <FieldError name="city" state={state} />

      <label for="message">Your message <span class="hint">(optional)</span></label>
      <textarea rows={5} maxlength={2000} {...fieldProps('message', state, first)}>{v.message ?? ''}</textarea>
      <FieldError name="message" state={state} />

      {targets.length > 0 && (
        <>
          <label for="target">Also send my message to</label>
          <TargetSelect targets={targets} state={state} first={first} />
          <FieldError name="target" state={state} />
        </>
      )}

      <div class="check">
        <input type="checkbox" checked={checked('public')} {...fieldProps('public', state, first)} />
        <label for="public">Show my name and message publicly on this page</label>
      </div>
      <div class="check">
        <input type="checkbox" checked={checked('reply')} {...fieldProps('reply', state, first)} />
        <label for="reply">Recipients may reply to me by email</label>
      </div>
      <div class="check">
        <input type="checkbox" required checked={checked('consent')} {...fieldProps('consent', state, first)} />
        <label for="consent">
          I agree to the <a href={`/c/${slug}/privacy`}>privacy notice</a>
        </label>
      </div>
      <FieldError name="consent" state={state} />

      {turnstileSiteKey && (
        <>
          <div class="cf-turnstile" data-sitekey={turnstileSiteKey} id="cf-turnstile-response" />
          <FieldError name="cf-turnstile-response" state={state} />
        </>
      )}

      <div class="hp" aria-hidden="true">
        <label for="website">Leave this empty</label>
        <input type="text" id="website" name="website" tabindex={-1} autocomplete="off" value="" />
      </div>

      <button type="submit">Sign</button>
    </form>
  );
}
