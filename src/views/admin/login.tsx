import type { OrganisedCampaign } from '../../db/organisers';
import { Notice } from '../layout';
import { formatCount } from '../progress';

/** `/admin` without a session: the email form. */
export function SignInPage({ email, error }: { email?: string; error?: string }) {
  return (
    <Notice heading="Sign in as an organiser">
      <p>Enter the email address listed for you in the campaign file. We will send you a link to sign in.</p>
      <form method="post" action="/admin/login" class="admin-form" novalidate>
        <label for="email">Email</label>
        <input type="email" id="email" name="email" autocomplete="email" maxlength={254} required value={email ?? ''}
          aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'email-error' : undefined} autofocus={error ? true : undefined} />
        {error && <p class="field-error" id="email-error">{error}</p>}
        <button type="submit">Send me a sign-in link</button>
      </form>
    </Notice>
  );
}

/** After asking for a link: the same words whether or not the address is an organiser's. */
export function LinkSentPage() {
  return (
    <Notice heading="Check your inbox">
      <p>If this address belongs to an organiser, a sign-in link is on its way. It works once, within 15 minutes.</p>
      <p><a href="/admin">Back</a></p>
    </Notice>
  );
}

/** The link from the email: a button, because mail scanners follow links. */
export function ConfirmSignInPage({ token }: { token: string }) {
  return (
    <Notice heading="Sign in">
      <p>Press the button to sign in to the dashboard on this device.</p>
      <form method="post" action={`/admin/login/${token}`}>
        <button type="submit">Sign in</button>
      </form>
    </Notice>
  );
}

/** Signed in: the organiser's campaigns and the way out. */
export function CampaignListPage({ email, campaigns, csrf }: { email: string; campaigns: OrganisedCampaign[]; csrf: string }) {
  return (
    <section class="admin">
      <h1>Your campaigns</h1>
      <SignOut email={email} csrf={csrf} />
      {campaigns.length === 0 && <p>You are not an organiser of any campaign.</p>}
      <ul class="campaign-list">
        {campaigns.map((c) => (
          <li>
            <a href={`/admin/campaigns/${c.slug}`}>{c.title}</a>
            <p class="count">{formatCount(c.confirmed)} of {formatCount(c.goal)} confirmed · {c.status}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who is signed in, and the sign-out button. */
export function SignOut({ email, csrf }: { email: string; csrf: string }) {
  return (
    <form method="post" action="/admin/logout" class="signed-in">
      <input type="hidden" name="_csrf" value={csrf} />
      Signed in as <strong>{email}</strong>{' '}
      <button type="submit" class="secondary small">Sign out</button>
    </form>
  );
}
