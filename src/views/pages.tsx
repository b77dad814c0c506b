import type { Campaign } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import { Notice } from './layout';
import { formatCount } from './progress';

/** The home page: open campaigns with their counts. */
export function HomePage({ campaigns }: { campaigns: (Campaign & { count: number })[] }) {
  return (
    <section>
      <h1>Campaigns</h1>
      {campaigns.length === 0 && <p>No open campaigns. Push one with <code>npm run campaign -- push campaigns/…json</code>.</p>}
      <ul class="campaign-list">
        {campaigns.map((c) => (
          <li>
            <a href={`/c/${c.slug}`}>{c.title}</a>
            <p>{c.summary}</p>
            <p class="count">{formatCount(c.count)} of {formatCount(c.goal)} signatures</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** After signing: the confirmation email is on its way. */
export function CheckInboxPage({ campaign }: { campaign: Campaign }) {
  return (
    <Notice heading="Check your inbox">
      <p>We have sent you an email. Click the link in it to confirm your signature for “{campaign.title}”.</p>
      <p>Your signature counts, and your message is sent, only once you confirm.</p>
      <p><a href={`/c/${campaign.slug}`}>Back to the campaign</a></p>
    </Notice>
  );
}

/** The link from the email: a button, because mail scanners follow links but do not press buttons. */
export function ConfirmPage({ token }: { token: string }) {
  return (
    <Notice heading="Confirm your signature">
      <p>One last step: press the button to confirm your signature and send your message.</p>
      <form method="post" action={`/s/${token}/confirm`}>
        <button type="submit">Confirm my signature</button>
      </form>
    </Notice>
  );
}

/** After confirming: thanks, sharing, and the way out. */
export function ThanksPage({ sig, token, campaign, baseUrl }: { sig: Signature; token: string; campaign: Campaign; baseUrl: string }) {
  const url = `${baseUrl}/c/${campaign.slug}`;
  const text = `I signed “${campaign.title}”. Add your name:`;
  return (
    <Notice heading="Thank you — your signature is confirmed">
      <p>Your signature for <a href={`/c/${campaign.slug}`}>“{campaign.title}”</a> is counted{sig.message ? ' and your message is on its way' : ''}.</p>
      <h2>Share the campaign</h2>
      <p><input type="text" readonly value={url} aria-label="Campaign link" class="share-link" /></p>
      <ul class="share">
        <li><a href={`mailto:?subject=${encodeURIComponent(campaign.title)}&body=${encodeURIComponent(`${text} ${url}`)}`}>Email</a></li>
        <li><a href={`https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}`} rel="noopener">WhatsApp</a></li>
        <li><a href={`https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`} rel="noopener">Telegram</a></li>
        <li><a href={`https://bsky.app/intent/compose?text=${encodeURIComponent(`${text} ${url}`)}`} rel="noopener">Bluesky</a></li>
      </ul>
      <h2>Changed your mind?</h2>
      <form method="post" action={`/s/${token}/withdraw`}>
        <button type="submit" class="secondary">Withdraw my signature and erase my data</button>
      </form>
    </Notice>
  );
}

/** After withdrawal. */
export function WithdrawnPage({ slug }: { slug: string }) {
  return (
    <Notice heading="Your signature is withdrawn">
      <p>It is no longer counted, and your name, email address, city and message have been erased.</p>
      <p><a href={`/c/${slug}`}>Back to the campaign</a></p>
    </Notice>
  );
}

/** Any error, for people. */
export function ErrorPage({ heading, message }: { heading: string; message: string }) {
  return (
    <Notice heading={heading}>
      <p>{message}</p>
      <p><a href="/">Go to the home page</a></p>
    </Notice>
  );
}

/** The privacy notice, generated from the campaign file. */
export function PrivacyPage({ campaign }: { campaign: Campaign }) {
  const p = campaign.settings.privacy;
  return (
    <Notice heading={`Privacy notice — ${campaign.title}`}>
      <p>Data controller: {p.controller}. Contact: <a href={`mailto:${p.contact}`}>{p.contact}</a>.</p>
      <p>When you sign we store your name, email address, country, city, optional message, the target you chose and whether your name and message may be shown publicly. Your email address is used to confirm your signature and, if you allow it, as the Reply-To of your message; it is never shown publicly.</p>
      <p>Your message is sent, in your name, to the campaign’s address and to the target you chose, only after you confirm. Organisers of this campaign can export the signatures to hand them to the targets.</p>
      <p>Your IP address is never stored as such, only as a keyed hash used against abuse. Signatures are anonymised {p.retentionDays} days after the campaign closes. You can withdraw at any time with the link in your confirmation email: your signature is then uncounted and your personal data erased.</p>
      <p class="hint">Notice version {p.consentVersion}.</p>
      <p><a href={`/c/${campaign.slug}`}>Back to the campaign</a></p>
    </Notice>
  );
}
