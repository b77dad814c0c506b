import type { Target } from '../db/campaigns';
import { compareIn } from '../lib/collate';
import { targetName } from '../lib/target-name';
import type { I18n } from '../i18n/lang';
import { countryOptions } from '../lib/countries';
import { NO_TARGET } from '../schemas/signature';
import type { Child } from 'hono/jsx';

/** What a form shows: the user's input and a message per field. */
export type FormState = { values: Record<string, string>; errors: Record<string, string> };

/** The attributes that tie a field to its label and its error, and focus the first error. */
export function fieldProps(name: string, state: FormState, first: string | undefined) {
  const error = state.errors[name];
  return {
    id: name,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': error ? `${name}-error` : undefined,
    autofocus: first === name ? true : undefined,
  };
}

/** The message under a field, when it has one. */
export function FieldError({ name, state }: { name: string; state: FormState }) {
  const error = state.errors[name];
  return error ? <p class="field-error" id={`${name}-error`}>{error}</p> : null;
}

/** The summary above a form: a problem of the whole form, or a link to each bad field (in `order`). */
export function ErrorSummary({ order, state, i18n }: { order: readonly string[]; state: FormState; i18n: I18n }) {
  const bad = order.filter((f) => state.errors[f]);
  return (
    <>
      {state.errors['(form)'] && (
        <div class="error-summary" role="alert">
          <p>{state.errors['(form)']}</p>
        </div>
      )}
      {bad.length > 0 && (
        <div class="error-summary" role="alert">
          <p>{i18n.t('form.correct')}</p>
          <ul>{bad.map((f) => <li><a href={`#${f}`}>{state.errors[f]}</a></li>)}</ul>
        </div>
      )}
    </>
  );
}


/** Name, country and city: who signs, as it is sent and shown. */
export function WhoFields({ state, first, i18n, children }: { state: FormState; first?: string; i18n: I18n; children?: Child }) {
  const { t, locale } = i18n;
  const v = state.values;
  return (
    <>
      <label for="name">{t('form.name')}</label>
      <input type="text" autocomplete="name" maxlength={100} required dir="auto" value={v.name ?? ''} {...fieldProps('name', state, first)} />
      <FieldError name="name" state={state} />
      {children}
      <div class="pair">
        <div>
          <label for="country">{t('form.country')}</label>
          <select required autocomplete="country" {...fieldProps('country', state, first)}>
            <option value="">{t('form.choose')}</option>
            {countryOptions(locale).map((c) => <option value={c.code} selected={v.country === c.code}>{c.name}</option>)}
          </select>
          <FieldError name="country" state={state} />
        </div>
        <div>
          <label for="city">{t('form.city')}</label>
          <input type="text" autocomplete="address-level2" maxlength={100} required dir="auto" value={v.city ?? ''} {...fieldProps('city', state, first)} />
          <FieldError name="city" state={state} />
        </div>
      </div>
    </>
  );
}

/**
 * The target, a required choice: "Choose…" (refused), "No embassy", then the targets in the
 * page's language grouped by country (groups and names sorted in that language). Nothing is
 * preselected but what the supporter chose; with `suggest`, `data-country` lets campaign.js
 * *suggest* the chosen country's embassy beside the list (never choose it). With no targets the choice
 * is "no embassy", sent as a hidden field. Then the one sentence on who receives what.
 */
export function TargetChoice({ targets, state, first, suggest, i18n }: { targets: readonly Target[]; state: FormState; first?: string; suggest?: boolean; i18n: I18n }) {
  const { t, locale } = i18n;
  const compare = compareIn(locale);
  const byCountry = Map.groupBy(targets, (x) => x.country);
  const chosen = state.values.target ?? '';
  if (targets.length === 0) return <><input type="hidden" name="target" value={NO_TARGET} /><p class="hint recipients">{t('form.recipients')}</p></>;
  return (
    <>
      <label for="target">{t('form.target')}</label>
      <select required {...fieldProps('target', state, first)} aria-describedby={state.errors.target ? 'target-error target-recipients' : 'target-recipients'}>
        <option value="" selected={chosen === ''}>{t('form.choose')}</option>
        <option value={NO_TARGET} selected={chosen === NO_TARGET}>{t('form.noTarget')}</option>
        {countryOptions(locale, [...byCountry.keys()]).map(({ code, name }) => (
          <optgroup label={name} data-country={code}>
            {(byCountry.get(code) ?? [])
              .map((x) => ({ id: x.id, name: targetName(x, locale) }))
              .sort((a, b) => compare(a.name, b.name))
              .map((x) => <option value={x.id} selected={chosen === x.id}>{x.name}</option>)}
          </optgroup>
        ))}
      </select>
      <FieldError name="target" state={state} />
      {suggest && (
        <p class="hint target-suggest" hidden data-suggest={t('form.suggest')}>
          <span /> <button type="button" class="link">{t('form.suggestChoose')}</button>
        </p>
      )}
      <p class="hint recipients" id="target-recipients">{t('form.recipients')}</p>
    </>
  );
}

/** A checkbox and its label, ticked when the form's value says so. */
export function Check({ name, label, state, first, required }: { name: string; label: Child; state: FormState; first?: string; required?: boolean }) {
  const value = state.values[name];
  return (
    <div class="check">
      <input type="checkbox" required={required} checked={value === 'on' || value === 'true'} {...fieldProps(name, state, first)} />
      <label for={name}>{label}</label>
    </div>
  );
}
