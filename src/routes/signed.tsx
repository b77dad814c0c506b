import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { resendConfirmation } from '../flows/resend';
import { CheckInboxPage } from '../views/check-inbox';
import { loadCampaign, openCampaign, scheduleDrain } from './context';
import { limitByIp } from './rate-limit';
import { signedAddress } from './signed-address';

/**
 * "Check your inbox", after signing. It names the address the mail went to (from the
 * signed cookie that signing left) and offers to send the link again. Its answers are the
 * same for a new address, one that had signed and one over the mail cap.
 */
const signed = new Hono<AppEnv>();

signed.get('/c/:slug/signed', async (c) => {
  const campaign = await loadCampaign(c, c.req.param('slug'));
  const email = await signedAddress(c, campaign.slug);
  // Personal (it may name an address): never cached, by the browser or anything between.
  c.header('Cache-Control', 'no-store');
  const { t } = c.var.i18n;
  return c.render(<CheckInboxPage campaign={campaign} email={email} resent={c.req.query('resent') === '1'} i18n={c.var.i18n} />, {
    title: t('check.title'),
    meta: { noindex: true, description: campaign.summary, image: campaign.settings.image },
  });
});

signed.post('/c/:slug/signed/resend', limitByIp('SIGN_LIMITER'), openCampaign, async (c) => {
  const campaign = c.get('campaign');
  const email = await signedAddress(c, campaign.slug);
  if (email) {
    await resendConfirmation(c.env.DB, campaign, email);
    scheduleDrain(c);
  }
  return c.redirect(c.var.i18n.link(`/c/${campaign.slug}/signed?resent=1`), 303);
});

export default signed;
