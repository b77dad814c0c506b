import { type Context, Hono } from 'hono';
import { cachedCampaign } from '../db/campaign-cache';
import { localizePicket } from '../db/localize';
import { getPicketById } from '../db/pickets';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { confirmAttendee, findAttendee, withdrawAttendee } from '../flows/pickets';
import { useStoredLanguage } from '../middleware/language';
import type { Attendee } from '../db/picket-attendees';
import { RsvpConfirmSchema } from '../schemas/rsvp';
import type { FormState } from '../views/form-fields';
import { AttendeePage, attendeeFormState } from '../views/picket-links';
import { attendeeOf, rememberedChoices } from './choices-cookie';
import { formBody, type OnInvalidForm } from './validation';
import { limitByIp } from './rate-limit';

/**
 * The links in picket mails, under /p/ (never cached, same-origin posts only, see
 * middleware/chain.ts): /p/:token shows where an "I'll be there" stands, in the
 * language it was given in. Rate-limited per IP like a signature's links (routes/links.tsx).
 * Not under /s/: a route /s/p/:token beside /s/:token would cost Hono its fast router.
 */
const picketLinks = new Hono<AppEnv>();

picketLinks.use('/p/*', limitByIp('LINK_LIMITER'));

/** The page behind an RSVP's link; `state` is its form (the stored name, this browser's box) unless given. */
async function renderAttendee(c: Context<AppEnv>, token: string, attendee: Attendee, state?: FormState) {
  const i18n = useStoredLanguage(c, attendee.locale);
  const [picket, cached] = await Promise.all([getPicketById(c.env.DB, attendee.picketId), cachedCampaign(c.env.DB, attendee.campaignSlug)]);
  if (!picket || !cached) throw new AppError('not_found', 'error.picket.notFound');
  const form = state ?? attendeeFormState(attendee, await rememberedChoices(c, 'rsvp', attendeeOf(attendee.picketId, attendee.email)));
  return c.render(<AttendeePage token={token} attendee={attendee} picket={localizePicket(picket, cached.campaign, i18n.locale)} targets={cached.targets} state={form} i18n={i18n} />, {
    title: i18n.t(attendee.status === 'pending' ? 'picket.confirm.title' : 'picket.confirmed.title'),
    meta: { noindex: true },
  });
}

picketLinks.get('/p/:token', async (c) => {
  const token = c.req.param('token');
  return renderAttendee(c, token, await findAttendee(c.env.DB, token));
});

/** A refused confirmation: the form again, as sent, with a message per field. */
const confirmAgain: OnInvalidForm = async (c, form) => {
  const token = c.req.param('token') ?? '';
  return renderAttendee(c, token, await findAttendee(c.env.DB, token), form);
};

/** Confirms with the name and box on the form: what is stored is what the link's holder chose there. */
picketLinks.post('/p/:token/confirm', formBody(RsvpConfirmSchema, confirmAgain), async (c) => {
  const token = c.req.param('token');
  await confirmAttendee(c.env.DB, token, c.req.valid('form'));
  return c.redirect(c.var.i18n.link(`/p/${token}`), 303);
});

picketLinks.post('/p/:token/withdraw', async (c) => {
  const token = c.req.param('token');
  await withdrawAttendee(c.env.DB, token);
  return c.redirect(c.var.i18n.link(`/p/${token}`), 303);
});

export default picketLinks;
