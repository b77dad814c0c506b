import type { Target } from '../db/campaigns';
import type { Attendee } from '../db/picket-attendees';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { Check, ErrorSummary, FieldError, fieldProps, type FormState } from './form-fields';
import { Notice } from './layout';
import { picketWhen, picketWhere } from '../lib/picket-text';

type Props = { token: string; attendee: Attendee; picket: Picket; targets: readonly Target[]; state: FormState; i18n: I18n };

function Summary({ slug, picket, targets, i18n }: Omit<Props, 'token' | 'attendee' | 'state'> & { slug: string }) {
  const { t, link, locale } = i18n;
  return (
    <p>
      <a href={link(`/c/${slug}/pickets/${picket.key}`)}>{picketWhere(picket, targets, locale)}</a>
      <br />{picketWhen(picket, t, locale)}
      {picket.status === 'cancelled' && <strong class="picket-status"> {t('picket.cancelled')}</strong>}
    </p>
  );
}

/**
 * The form behind a pending RSVP's link: the name as last given with this address (for
 * review), "show my name" ticked only if this browser ticked it, and the button that confirms
 * them (a POST: mail scanners follow links, they do not press buttons).
 */
function ConfirmForm({ token, state, i18n }: { token: string; state: FormState; i18n: I18n }) {
  const { t, link } = i18n;
  const first = ['name', 'show'].find((f) => state.errors[f]);
  return (
    <form method="post" action={link(`/p/${token}/confirm`)} class="sign-form confirm-form" novalidate>
      <ErrorSummary order={['name', 'show']} state={state} i18n={i18n} />
      <p>{t('picket.confirm.review')}</p>
      <label for="name">{t('picket.rsvp.name')}</label>
      <input type="text" autocomplete="name" maxlength={100} dir="auto" value={state.values.name ?? ''} {...fieldProps('name', state, first)} />
      <FieldError name="name" state={state} />
      <Check name="show" label={t('picket.rsvp.showName')} state={state} first={first} />
      <button type="submit" class="submit">{t('picket.confirm.button')}</button>
    </form>
  );
}

/** The RSVP link's form as it first shows: the stored name, and "show my name" only if `ticked`. */
export function attendeeFormState(attendee: Attendee, ticked: ReadonlySet<string>): FormState {
  return { values: { name: attendee.name, ...(ticked.has('show') ? { show: 'on' } : {}) }, errors: {} };
}

/**
 * The link from the mails: the confirmation form while pending, else where the supporter
 * stands, with one button to withdraw.
 */
export function AttendeePage({ token, attendee, picket, targets, state, i18n }: Props) {
  const { t, link } = i18n;
  if (attendee.status === 'withdrawn') {
    return <Notice heading={t('picket.withdrawn.title')}><p>{t('picket.withdrawn.text')}</p></Notice>;
  }
  const withdraw = (
    <form method="post" action={link(`/p/${token}/withdraw`)}>
      <p class="hint">{t('picket.withdraw.text')}</p>
      <button type="submit" class="secondary">{t('picket.withdraw.button')}</button>
    </form>
  );
  if (attendee.status === 'pending') {
    return (
      <Notice heading={t('picket.confirm.title')}>
        <Summary slug={attendee.campaignSlug} picket={picket} targets={targets} i18n={i18n} />
        <p>{t('picket.confirm.text')}</p>
        <ConfirmForm token={token} state={state} i18n={i18n} />
        {withdraw}
      </Notice>
    );
  }
  return (
    <Notice heading={t('picket.confirmed.title')}>
      <Summary slug={attendee.campaignSlug} picket={picket} targets={targets} i18n={i18n} />
      <p>{t('picket.confirmed.text')}</p>
      {withdraw}
    </Notice>
  );
}
