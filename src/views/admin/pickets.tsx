import type { Campaign, Target } from '../../db/campaigns';
import type { Picket } from '../../db/pickets';
import type { I18n } from '../../i18n/lang';
import { COUNTRY_CODES } from '../../lib/countries';
import { zoneOfPlace } from '../../lib/place-zone';
import { picketWhere } from '../../lib/picket-text';
import { targetName } from '../../lib/target-name';
import type { FormState } from '../sign-form';
import { SignOut } from './login';
import { AdminNav } from './admin-nav';

export type PicketsAdminProps = {
  campaign: Campaign; pickets: Picket[]; targets: Target[]; tallies: Map<number, { confirmed: number; pending: number }>;
  email: string; csrf: string; form: FormState; editing: string | null; i18n: I18n;
};

const FIELDS: [string, 'text' | 'datetime-local'][] = [['place', 'text'], ['city', 'text'], ['country', 'text'], ['start', 'datetime-local'], ['end', 'datetime-local'], ['timeZone', 'text'], ['meetingPoint', 'text'], ['contact', 'text']];

const LISTS: Record<string, string> = { country: 'picket-countries', timeZone: 'picket-zones' };

/**
 * Where an embassy is, for the form's script to fill in: its country, the city its id names
 * (`gb-london` → London) and that place's zone. Without the script the server does the same.
 */
function targetPlace(tg: Target): { city: string; zone: string } {
  const prefix = `${tg.country.toLowerCase()}-`;
  const city = tg.id.startsWith(prefix) ? tg.id.slice(prefix.length).split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') : '';
  return { city, zone: zoneOfPlace(tg.country, city) ?? '' };
}

function Field({ name, type, state, label }: { name: string; type: string; state: FormState; label: string }) {
  const error = state.errors[name];
  return (
    <>
      <label for={`picket-${name}`}>{label}</label>
      <input type={type} id={`picket-${name}`} name={name} value={state.values[name] ?? ''} list={LISTS[name]}
        aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `picket-${name}-error` : undefined} />
      {error && <p class="field-error" id={`picket-${name}-error`}>{error}</p>}
    </>
  );
}

/** Add or edit one picket: saving an existing id updates it (and tells those coming if the time or place moved). */
function PicketEditor({ campaign, targets, csrf, form, editing, i18n }: PicketsAdminProps) {
  const { t, link, locale } = i18n;
  const v = form.values;
  const labels: Record<string, string> = {
    place: t('admin.pickets.place'), city: t('admin.pickets.city'), country: t('admin.pickets.country'), start: t('admin.pickets.start'),
    end: t('admin.pickets.end'), timeZone: t('admin.pickets.zone'), meetingPoint: t('admin.pickets.meeting'), contact: t('admin.pickets.contact'),
  };
  return (
    <form method="post" action={link(`/admin/campaigns/${campaign.slug}/pickets`)} class="sign-form picket-editor" novalidate>
      <h2 id="picket-form">{editing ? t('admin.pickets.editHeading', { id: editing }) : t('admin.pickets.add')}</h2>
      <input type="hidden" name="_csrf" value={csrf} />
      <Field name="id" type="text" state={form} label={t('admin.pickets.id')} />
      <label for="picket-target">{t('admin.pickets.target')}</label>
      <select id="picket-target" name="target" aria-invalid={form.errors.target ? 'true' : undefined}>
        <option value="">{t('admin.pickets.noTarget')}</option>
        {targets.map((tg) => {
          const place = targetPlace(tg);
          return <option value={tg.id} selected={v.target === tg.id} data-country={tg.country} data-city={place.city} data-zone={place.zone}>{targetName(tg, locale)}</option>;
        })}
      </select>
      {form.errors.target && <p class="field-error">{form.errors.target}</p>}
      {FIELDS.map(([name, type]) => <Field name={name} type={type} state={form} label={labels[name] ?? name} />)}
      <p class="hint" id="picket-timeZone-hint">{t('admin.pickets.zoneHint')}</p>
      <datalist id="picket-countries">{COUNTRY_CODES.map((code) => <option value={code} />)}</datalist>
      <datalist id="picket-zones">{Intl.supportedValuesOf('timeZone').map((z) => <option value={z} />)}</datalist>
      <div class="check">
        <input type="checkbox" id="picket-contactPublic" name="contactPublic" checked={v.contactPublic === 'on'} />
        <label for="picket-contactPublic">{t('admin.pickets.contactPublic')}</label>
      </div>
      <button type="submit">{t('admin.pickets.save')}</button>
    </form>
  );
}

/** The campaign's pickets for its organisers: how many are coming to each, edit, cancel, export; and the form. */
export function PicketsAdminPage(p: PicketsAdminProps) {
  const { campaign, pickets, tallies, csrf, i18n } = p;
  const { t, link, locale } = i18n;
  const base = `/admin/campaigns/${campaign.slug}/pickets`;
  return (
    <section class="admin pickets-admin">
      <AdminNav slug={campaign.slug} current="pickets" i18n={i18n} />
      <SignOut email={p.email} csrf={csrf} i18n={i18n} />
      <h1>{t('admin.pickets.heading', { title: campaign.title })}</h1>
      <p class="hint">{t('admin.pickets.hint')}</p>
      {pickets.length === 0 ? <p>{t('admin.pickets.none')}</p> : (
        <div class="table-scroll" role="region" aria-label={t('admin.nav.pickets')} tabindex={0}>
        <table class="tally">
          <thead><tr><th>{t('admin.pickets.where')}</th><th>{t('admin.pickets.when')}</th><th>{t('admin.pickets.coming')}</th><th>{t('admin.pickets.pending')}</th><th>{t('admin.pickets.status')}</th><th></th></tr></thead>
          <tbody>
            {pickets.map((pk) => (
              <tr data-picket={pk.key}>
                <td><a href={link(`/c/${campaign.slug}/pickets/${pk.key}`)}>{picketWhere(pk, p.targets, locale)}</a></td>
                <td>{pk.startsLocal.replace('T', ' ')}–{pk.endsLocal.slice(11)} {pk.timeZone}</td>
                <td data-coming>{tallies.get(pk.id)?.confirmed ?? 0}</td>
                <td>{tallies.get(pk.id)?.pending ?? 0}</td>
                <td>{pk.status === 'cancelled' ? t('picket.cancelled') : t('admin.pickets.planned')}</td>
                <td>
                  <a href={link(`${base}?edit=${pk.key}#picket-form`)}>{t('admin.pickets.edit')}</a>
                  {' · '}<a href={`/admin/campaigns/${campaign.slug}/pickets/${pk.key}/attendees.csv`} download>{t('admin.pickets.export')}</a>
                  {pk.status === 'planned' && (
                    <form method="post" action={link(`${base}/${pk.key}/cancel`)} class="inline">
                      <input type="hidden" name="_csrf" value={csrf} />
                      {' '}<button type="submit" class="secondary small">{t('admin.pickets.cancel')}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <PicketEditor {...p} />
    </section>
  );
}
