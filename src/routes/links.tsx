import { type Context, Hono } from 'hono';
import { cachedCampaign } from '../db/campaign-cache';
import { getCampaign } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import { getCount, publicCount } from '../db/counts';
import { picketsNear } from '../db/next-pickets';
import { listReceiptItems } from '../db/receipts';
import { publishedReplies } from '../db/replies';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { confirm, findByToken, isExpired, withdraw } from '../flows/signing';
import { localizeCampaign, localizePicket } from '../db/localize';
import { useStoredLanguage } from '../middleware/language';
import { type PageMeta, pageUrl } from '../views/head-meta';
import { ConfirmPage, confirmFormState } from '../views/confirm-form';
import type { FormState } from '../views/form-fields';
import { NextStep, YouAreOne } from '../views/next-step';
import { ThanksPage, WithdrawnPage, WithdrawPage } from '../views/pages';
import { picketFor } from '../lib/next-picket';
import { Receipt } from '../views/receipt';
import { baseUrl, scheduleDrain } from './context';
import { rawPath, rawSearch } from '../lib/origin';
import { ConfirmInputSchema } from '../schemas/signature';
import { rememberedChoices, signatureOf } from './choices-cookie';
import { limitByIp } from './rate-limit';
import { formBody, type OnInvalidForm, refuseForm } from './validation';

/**
 * The links from the emails: /s/:token shows where a signature stands and what can be done,
 * in the language the supporter signed in (unless the URL asks for another).
 */
const links = new Hono<AppEnv>();

links.use('/s/*', limitByIp('LINK_LIMITER'));

// Picket links mailed before they moved to /p/ (routes/picket-links.tsx) still lead there; a 308
// keeps a button's POST a POST. Checked here, under /s/*, since a route of its own at /s/p/ would
// cost Hono its fast router.
const OLD_PICKET_LINK = /^\/s\/p\/([A-Za-z0-9_-]+(?:\/confirm|\/withdraw)?)$/;
links.use('/s/*', async (c, next) => {
  const old = OLD_PICKET_LINK.exec(rawPath(c.req.url));
  if (!old) return next();
  return c.redirect(`/p/${old[1]}${rawSearch(c.req.url)}`, 308);
});

// Personal pages: out of search engines, and their previews show the campaign, never the link.
const personal = (c: Context<AppEnv>, slug: string): PageMeta => ({ noindex: true, url: pageUrl(baseUrl(c), `/c/${slug}`, c.var.i18n.locale) });

/** The confirmation form (routes/../views/confirm-form.tsx), with the campaign's targets to choose from. */
async function renderConfirm(c: Context<AppEnv>, token: string, sig: Signature, state: FormState) {
  const i18n = useStoredLanguage(c, sig.locale);
  const cached = await cachedCampaign(c.env.DB, sig.campaignSlug);
  if (!cached) throw new AppError('not_found', 'error.campaignGone');
  const page = <ConfirmPage token={token} slug={sig.campaignSlug} targets={cached.targets} state={state} i18n={i18n} />;
  return c.render(page, { title: i18n.t('confirm.title'), scripts: ['/message-count.js'], meta: personal(c, sig.campaignSlug) });
}

/** A refused confirmation: the form again, as sent, with a message per field; a link no longer pending shows where it stands. */
const confirmAgain: OnInvalidForm = async (c, form) => {
  const token = c.req.param('token') ?? '';
  const sig = await findByToken(c.env.DB, token);
  if (sig.status !== 'pending') return c.redirect(c.var.i18n.link(`/s/${token}`), 303);
  return renderConfirm(c, token, sig, form);
};

links.get('/s/:token', async (c) => {
  const token = c.req.param('token');
  const sig = await findByToken(c.env.DB, token);
  const i18n = useStoredLanguage(c, sig.locale);
  const { t } = i18n;
  const meta = personal(c, sig.campaignSlug);
  if (sig.status === 'withdrawn') return c.render(<WithdrawnPage slug={sig.campaignSlug} i18n={i18n} />, { title: t('withdrawn.title'), meta });
  if (sig.status === 'spam') throw new AppError('not_found', 'error.badLinkShort');
  if (isExpired(sig)) throw new AppError('bad_request', 'error.expired');
  if (sig.status === 'pending') {
    const ticked = await rememberedChoices(c, 'signature', signatureOf(sig.campaignSlug, sig.email));
    return renderConfirm(c, token, sig, confirmFormState(sig, ticked));
  }
  const now = Date.now();
  // The count from its summary row and the pickets of the supporter's country: bounded reads, never a count of signatures.
  const [campaign, items, replies, { count }, near, cached] = await Promise.all([
    getCampaign(c.env.DB, sig.campaignSlug),
    listReceiptItems(c.env.DB, sig.campaignId, sig.id),
    publishedReplies(c.env.DB, sig.campaignId),
    getCount(c.env.DB, sig.campaignSlug),
    picketsNear(c.env.DB, [sig], now),
    cachedCampaign(c.env.DB, sig.campaignSlug),
  ]);
  if (!campaign) throw new AppError('not_found', 'error.campaignGone');
  const shown = localizeCampaign(campaign, i18n.locale);
  const joined = count && publicCount(count, now);
  const nearest = picketFor(near.pickets, sig);
  const next = sig.status === 'confirmed' && (
    <>
      {joined && <YouAreOne count={joined.count} goal={joined.nextGoal} slug={joined.slug} updatedAt={joined.updatedAt} i18n={i18n} />}
      <NextStep picket={nearest && localizePicket(nearest, campaign, i18n.locale)} slug={sig.campaignSlug} targets={cached?.targets ?? []} i18n={i18n} />
    </>
  );
  // What was sent in the supporter's name, with each message's status and receipt id.
  const receipt = <Receipt campaign={shown} message={sig.message} items={items} replies={replies} now={now} i18n={i18n} />;
  return c.render(<ThanksPage sig={sig} token={token} campaign={shown} baseUrl={baseUrl(c)} i18n={i18n} next={next}>{receipt}</ThanksPage>, {
    title: t('thanks.title'),
    scripts: ['/share.js'],
    meta: { ...meta, title: shown.title, description: shown.summary, image: shown.settings.image },
  });
});

/** Asks once more before withdrawing; only the POST below erases anything. */
links.get('/s/:token/withdraw', async (c) => {
  const token = c.req.param('token');
  const sig = await findByToken(c.env.DB, token);
  const i18n = useStoredLanguage(c, sig.locale);
  const meta = personal(c, sig.campaignSlug);
  if (sig.status === 'withdrawn') return c.render(<WithdrawnPage slug={sig.campaignSlug} i18n={i18n} />, { title: i18n.t('withdrawn.title'), meta });
  if (sig.status === 'spam') throw new AppError('not_found', 'error.badLinkShort');
  return c.render(<WithdrawPage token={token} i18n={i18n} />, { title: i18n.t('withdraw.title'), meta });
});

/** Confirms with the choices on the form: what is stored is what the link's holder chose there. */
links.post('/s/:token/confirm', formBody(ConfirmInputSchema, confirmAgain), async (c) => {
  const token = c.req.param('token');
  try {
    await confirm(c.env.DB, token, c.req.valid('form'));
  } catch (err) {
    // A target that is no longer the campaign's: the form again, as for any bad field.
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    return refuseForm(c, err.issues, confirmAgain);
  }
  scheduleDrain(c);
  return c.redirect(c.var.i18n.link(`/s/${token}`), 303);
});

links.post('/s/:token/withdraw', async (c) => {
  const token = c.req.param('token');
  await withdraw(c.env.DB, token);
  return c.redirect(c.var.i18n.link(`/s/${token}`), 303);
});

export default links;
