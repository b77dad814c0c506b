import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';

/** The organiser's pages of one campaign, in the order of the navigation. */
export type AdminPlace = 'overview' | 'messages' | 'deliveries' | 'replies' | 'updates' | 'pickets' | 'team' | 'export' | 'settings';

const PLACES: [AdminPlace, string, MessageKey][] = [
  ['overview', '', 'admin.nav.overview'],
  ['messages', '/messages', 'admin.nav.messages'],
  ['deliveries', '/deliveries', 'admin.nav.deliveries'],
  ['replies', '/replies', 'admin.nav.replies'],
  ['updates', '/updates', 'admin.nav.updates'],
  ['pickets', '/pickets', 'admin.nav.pickets'],
  ['team', '/team', 'admin.nav.team'],
  ['export', '/export', 'admin.nav.export'],
  ['settings', '/edit', 'admin.nav.settings'],
];

/**
 * One navigation on every organiser page of a campaign: where they are (`aria-current`) and
 * every other place one tap away. On a phone it wraps into rows of buttons (app.css).
 */
export function AdminNav({ slug, current, i18n: { t, link } }: { slug: string; current: AdminPlace; i18n: Pick<I18n, 't' | 'link'> }) {
  return (
    <nav class="admin-nav" aria-label={t('admin.nav.label')}>
      <ul>
        {PLACES.map(([place, path, label]) => (
          <li><a href={link(`/admin/campaigns/${slug}${path}`)} aria-current={place === current ? 'page' : undefined}>{t(label)}</a></li>
        ))}
      </ul>
    </nav>
  );
}
