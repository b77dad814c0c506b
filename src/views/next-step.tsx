import type { Target } from '../db/campaigns';
import type { Picket } from '../db/pickets';
import type { I18n } from '../i18n/lang';
import { picketOffset, picketWhen, picketWhere } from '../lib/picket-text';
import { Progress } from './progress';

/** The count the supporter just joined: "you are one of N" and the bar toward the goal now shown. */
export function YouAreOne({ count, goal, slug, updatedAt, i18n }: { count: number; goal: number; slug: string; updatedAt: string; i18n: I18n }) {
  return (
    <section class="one-of" aria-label={i18n.t('count.progress')}>
      <p class="one-of-line" data-one-of>{i18n.t('thanks.oneOf', { count })}</p>
      <Progress count={count} goal={goal} slug={slug} updatedAt={updatedAt} i18n={i18n} />
    </section>
  );
}

/**
 * What to do next, for this supporter: the picket in their city or country (where, when in
 * its own zone, and "I'll be there" leading to its RSVP form), else a line saying there is
 * none near them yet, before the sharing box that follows it.
 */
export function NextStep({ picket, slug, targets, i18n }: { picket: Picket | null; slug: string; targets: readonly Target[]; i18n: I18n }) {
  const { t, link, locale } = i18n;
  if (!picket) return <p class="no-picket" data-next="share">{t('thanks.noPicket')}</p>;
  const page = link(`/c/${slug}/pickets/${picket.key}`);
  return (
    <section class="next-picket" aria-labelledby="next-heading" data-next="picket" data-picket={picket.key}>
      <h2 id="next-heading">{t('thanks.nextHeading')}</h2>
      <p>{t('thanks.picketLead')}</p>
      <p>
        <a href={page}><strong>{picketWhere(picket, targets, locale)}</strong></a>
        <br />
        <span data-picket-when>{picketWhen(picket, t, locale)}</span>, {t('thanks.picketZone', { zone: picketOffset(picket) })}
        {picket.meetingPoint && <><br />{t('picket.meetingLabel')}: {picket.meetingPoint}</>}
      </p>
      <p><a class="button" href={`${page}#rsvp`}>{t('picket.rsvp.button')}</a></p>
    </section>
  );
}
