import * as v from 'valibot';
import type { MessageKey } from '../i18n/index';
import { line, paragraph } from './text';

const k = (key: MessageKey) => key;

/** Where a target stands, as an organiser marked it; `none` is "no reply yet". */
export const ANSWER_STATUSES = ['none', 'acknowledged', 'answered', 'refused'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** The longest text published from one reply (it goes to supporters in an update, whose text may be 20,000). */
export const PUBLISHED_MAX = 19_000;

/** Publishing a reply: the whole text, or an excerpt the organiser cut from it. */
export const PublishForm = v.object({
  text: v.pipe(
    paragraph({ text: k('error.reply.text'), control: k('error.reply.control'), long: k('error.reply.long') }, PUBLISHED_MAX),
    v.nonEmpty(k('error.reply.empty')),
  ),
});

/** A target's status with a short note. */
export const AnswerForm = v.object({
  status: v.picklist(ANSWER_STATUSES, k('error.reply.status')),
  note: v.optional(line({ text: k('error.reply.noteText'), control: k('error.reply.noteControl'), long: k('error.reply.noteLong') }, 500), ''),
});

export const ReplyParam = v.object({ slug: v.string(), id: v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,15}$/), v.transform(Number)) });
export const TargetParam = v.object({ slug: v.string(), key: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)) });
export const RepliesQuery = v.object({ before: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,15}$/), v.transform(Number))) });
