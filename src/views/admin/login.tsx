import type { OrganisedCampaign } from '../../db/organisers';
import type { I18n } from '../../i18n/lang';
import { Notice } from '../layout';
import { Rich } from '../rich';
import { campaignStatus } from './tallies';

/** `/admin` without a session: the email form. */
export function SignInPage({ email, error, i18n }: { email?: string; error?: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('admin.signIn.heading')}>
      <p>{t('admin.signIn.intro')}</p>
      <form method="post" action={link('/admin/login')} class="admin-form" novalidate>
        <label for="email">{t('form.email')}</label>
        <input type="email" id="email" name="email" autocomplete="email" maxlength={254} required value={email ?? ''}
          aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'email-error' : undefined} autofocus={error ? true : undefined} />
        {error && <p class="field-error" id="email-error">{error}</p>}
        <button type="submit">{t('admin.signIn.send')}</button>
      </form>
    </Notice>
  );
}

/** After asking for a link: the same words whether or not the address is an organiser's. */
export function LinkSentPage({ minutes, i18n }: { minutes: number; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('check.title')}>
      <p>{t('admin.sent.text', { minutes })}</p>
      <p><a href={link('/admin')}>{t('admin.back')}</a></p>
    </Notice>
  );
}

/** The link from the email: a button, because mail scanners follow links. */
export function ConfirmSignInPage({ token, i18n }: { token: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <Notice heading={t('admin.signIn.title')}>
      <p>{t('admin.confirm.text')}</p>
      <form method="post" action={link(`/admin/login/${token}`)}>
        <button type="submit">{t('admin.signInButton')}</button>
      </form>
    </Notice>
  );
}

/** Signed in: the organiser's campaigns and the way out. */
export function CampaignListPage({ email, campaigns, csrf, admin = false, i18n }: { email: string; campaigns: OrganisedCampaign[]; csrf: string; admin?: boolean; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <section class="admin">
      <h1>{t('admin.campaigns')}</h1>
      <SignOut email={email} csrf={csrf} i18n={i18n} />
      {admin && <p><a class="button" href={link('/admin/new-campaign')}>{t('editor.newLink')}</a></p>}
      {campaigns.length === 0 && <p>{t('admin.noCampaigns')}</p>}
      <ul class="campaign-list">
        {campaigns.map((c) => (
          <li>
            <a href={link(`/admin/campaigns/${c.slug}`)}>{c.title}</a>
            <p class="count">{t('admin.confirmedOfGoal', { count: c.confirmed, goal: c.goal, status: campaignStatus(c.status, t) })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who is signed in, and the sign-out button. */
export function SignOut({ email, csrf, i18n }: { email: string; csrf: string; i18n: I18n }) {
  const { t, link } = i18n;
  return (
    <form method="post" action={link('/admin/logout')} class="signed-in">
      <input type="hidden" name="_csrf" value={csrf} />
      <Rich text={t('admin.signedInAs')} parts={{ email: <strong>{email}</strong> }} />{' '}
      <button type="submit" class="secondary small">{t('admin.signOut')}</button>
    </form>
  );
}
