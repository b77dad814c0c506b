import type { Campaign, Target } from '../db/campaigns';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { countryName } from '../lib/countries';
import { mapLink, picketOffset, picketWhen, picketWhere } from '../lib/picket-text';
import { Rich } from './rich';
import { RsvpForm } from './rsvp-form';
import type { FormState } from './sign-form';

export type PicketPageProps = {
  campaign: Campaign;
  picket: Picket;
  targets: readonly Target[];
  /** Names of the confirmed attendees who ticked "show my name". */
  names: string[];
  /** Whether it still takes "I'll be there" (planned, ahead, campaign open). */
  open: boolean;
  /** Whether it has ended. */
  over: boolean;
  form: FormState;
  i18n: I18n;
};

/** One picket's page, the same for every visitor: where, when (pickets.js adds the visitor's time), the map link, the .ics, who is coming, the form. */
export function PicketPage({ campaign, picket, targets, names, open, over, form, i18n }: PicketPageProps) {
  const { t, link, locale } = i18n;
  const where = picketWhere(picket, targets, locale);
  const base = `/c/${campaign.slug}/pickets/${picket.key}`;
  const cancelled = picket.status === 'cancelled';
  return (
    <article class="picket-page" data-your={t('picket.yourTime', { time: '{time}' })}>
      <p><a href={link(`/c/${campaign.slug}`)}>{t('picket.back')}</a> · {campaign.title}</p>
      <h1>{t('picket.one')}: {where}</h1>
      {cancelled && <p class="closed">{t('picket.cancelledText')}</p>}
      {!cancelled && over && <p class="closed">{t('picket.over')}</p>}
      <dl>
        <dt>{t('picket.whenLabel')}</dt>
        <dd data-start={new Date(picket.startsAt).toISOString()} data-zone={picket.timeZone}>
          {picketWhen(picket, t, locale)} ({picketOffset(picket)})<span data-your-time></span>
        </dd>
        <dt>{t('picket.whereLabel')}</dt>
        <dd>{picket.targetKey ? where : `${where}, ${countryName(picket.country, locale)}`} · <a href={mapLink(picket, where)} rel="noopener">{t('picket.map')}</a></dd>
        {picket.meetingPoint && (<><dt>{t('picket.meetingLabel')}</dt><dd>{picket.meetingPoint}</dd></>)}
        {picket.contactPublic && picket.contact && (<><dt>{t('picket.contactLabel')}</dt><dd>{picket.contact}</dd></>)}
      </dl>
      {!cancelled && <p class="picket-coming-count" data-coming={picket.coming}>{t('picket.coming', { count: picket.coming })}</p>}
      {!cancelled && names.length > 0 && (
        <p class="picket-names">
          <Rich text={t('picket.comingNames', { names: '{names}' })} parts={{ names: names.map((n, i) => <>{i > 0 && ', '}<bdi>{n}</bdi></>) }} />
        </p>
      )}
      <p><a href={`${base}.ics`} download>{t('picket.ics')}</a></p>
      {open && <RsvpForm action={link(`${base}/rsvp`)} state={form} i18n={i18n} />}
    </article>
  );
}
