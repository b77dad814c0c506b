import type { Campaign } from '../../db/campaigns';
import type { SpamImpact } from '../../db/spam-impact';
import type { I18n } from '../../i18n/lang';

export type SpamConfirmProps = {
  campaign: Campaign;
  csrf: string;
  /** Where the button posts (the single or the bulk action) and the fields it sends again. */
  action: string;
  fields: [string, string][];
  impact: SpamImpact;
  /** The list to go back to without doing anything. */
  back: string;
  i18n: I18n;
};

/**
 * "Mark as spam" asks first: what it will do (uncounted, off the wall, its unsent mail
 * dropped, in numbers) and that it can be undone from the Spam filter. A plain page, so it
 * works without JavaScript; the button sends the same form again with `confirm=yes`.
 */
export function SpamConfirmPage(p: SpamConfirmProps) {
  const { t, link } = p.i18n;
  const { signatures, counted, mails } = p.impact;
  return (
    <section class="admin spam-confirm" aria-labelledby="spam-confirm-heading">
      <h1 id="spam-confirm-heading">{t('admin.spamConfirm.heading', { count: signatures })}</h1>
      <ul class="consequences">
        <li>{t('admin.spamConfirm.uncounted', { count: counted })}</li>
        <li>{t('admin.spamConfirm.wall')}</li>
        <li data-mails={String(mails)}>{t('admin.spamConfirm.mail', { count: mails })}</li>
      </ul>
      <p class="hint">{t('admin.spamConfirm.undo')}</p>
      <form method="post" action={link(p.action)} class="confirm-actions">
        <input type="hidden" name="_csrf" value={p.csrf} />
        {p.fields.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">{t('admin.spamConfirm.yes', { count: signatures })}</button>{' '}
        <a class="button secondary" href={link(p.back)}>{t('admin.spamConfirm.no')}</a>
      </form>
    </section>
  );
}
