import * as v from 'valibot';
import { msg } from '../i18n/index';

// Messages are catalog keys: answered in the organiser's language. Ids stay within what a
// JavaScript number holds exactly.
/** A signature (or token) id from a form, a query or a path. */
export const id = v.pipe(
  v.string(),
  v.regex(/^[1-9]\d{0,15}$/, msg('error.admin.id')),
  v.transform(Number),
  v.safeInteger(msg('error.admin.id')),
);

/** The moderation list's filters; `all` is every message not withdrawn. */
export const MESSAGE_FILTERS = ['all', 'unreviewed', 'shown', 'hidden', 'spam'] as const;
export type MessageFilter = (typeof MESSAGE_FILTERS)[number];

/** Most messages one bulk action takes: a page of the list, with room to spare. */
export const BULK_MAX = 100;

/** One field sent once (a string) or repeated (an array), as a list of ids. */
const ids = v.optional(
  v.pipe(
    v.union([id, v.array(id)], msg('error.admin.id')),
    v.transform((x) => (Array.isArray(x) ? x : [x])),
    v.maxLength(BULK_MAX, msg('error.admin.bulk.many')),
  ),
  [],
);

const action = v.picklist(['approve', 'hide', 'spam', 'restore'], msg('error.admin.action'));
/** "Mark as spam" asks first: only the confirming page's button sends `confirm=yes`. */
const confirm = v.optional(v.picklist(['yes', ''], msg('error.admin.request')), '');
const filter = v.optional(v.picklist(MESSAGE_FILTERS, msg('error.admin.filter')), 'all');

/** Where the list was: the page to go back to after an action. */
const place = { filter, before: v.optional(id) };

/** The messages page: a filter, a keyset page, and the outcome of the action just taken. */
export const MessagesQuery = v.object({
  ...place,
  done: v.optional(action),
  changed: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, msg('error.admin.id')), v.transform(Number))),
  onWall: v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/, msg('error.admin.id')), v.transform(Number))),
});

/** One message's button. */
export const ModerateForm = v.object({ id, action, confirm, ...place });

/**
 * The bulk form: the boxes ticked (`id`), or with `all` every message of the page (`page`,
 * hidden fields), so "all on this page" works without JavaScript too.
 */
export const BulkForm = v.pipe(
  v.object({ id: ids, page: ids, all: v.optional(v.literal('on', msg('error.admin.request'))), action, confirm, ...place }),
  v.transform(({ id: ticked, page, all, ...rest }) => ({ ...rest, ids: all ? page : ticked })),
  v.check((f) => f.ids.length > 0, msg('error.admin.bulk.none')),
);
