import type { Target } from '../db/campaigns';
import type { Attendee } from '../db/picket-attendees';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { Notice } from './layout';
import { picketWhen, picketWhere } from '../lib/picket-text';

type Props = { token: string; attendee: Attendee; picket: Picket; targets: readonly Target[]; i18n: I18n };

function Summary({ slug, picket, targets, i18n }: Omit<Props, 'token' | 'attendee'> & { slug: string }) {
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
 * The link from the mails: a button to confirm while pending (mail scanners follow links,
 * they do not press buttons), else where the supporter stands, with one button to withdraw.
 */
export function AttendeePage({ token, attendee, picket, targets, i18n }: Props) {
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
        <form method="post" action={link(`/p/${token}/confirm`)}>
          <button type="submit">{t('picket.confirm.button')}</button>
        </form>
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
