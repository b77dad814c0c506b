import type { Context } from 'hono';
import { isOrganiser } from '../db/organisers';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { isAdmin } from '../lib/admins';
import { getCampaign } from '../db/campaigns';
import { sessionPrincipal } from './admin-auth';

/**
 * A draft's page for its organisers (and admins) only, never stored in any cache; to
 * everyone else, and to an organiser of another campaign, there is no such campaign (404).
 */
export async function draftPreview(c: Context<AppEnv>, render: () => Promise<Response>): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [principal, campaign] = await Promise.all([sessionPrincipal(c), getCampaign(c.env.DB, slug)]);
  const allowed = principal && campaign && (isAdmin(c.env.ADMIN_EMAILS, principal.email) || (await isOrganiser(c.env.DB, campaign.id, principal.email)));
  if (!allowed) throw new AppError('not_found', 'error.noCampaign');
  c.header('Cache-Control', 'private, no-store');
  return render();
}
