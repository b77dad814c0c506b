import * as v from 'valibot';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const reason = v.pipe(v.string(), v.maxLength(2000));

/**
 * A Resend webhook event, the parts we read (everything else is ignored): its type and,
 * for email events, the id Resend answered when the mail was sent, the tags the mail was
 * sent with (an object, name to value) and a bounce's, a suppression's or a failure's reason.
 * https://resend.com/docs/dashboard/webhooks/event-types
 */
export const ResendEventSchema = v.object({
  type: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  data: v.optional(
    v.looseObject({
      email_id: v.optional(id),
      tags: v.optional(v.record(v.pipe(v.string(), v.maxLength(256)), v.pipe(v.string(), v.maxLength(256)))),
      bounce: v.optional(v.looseObject({ message: v.optional(reason), type: v.optional(v.pipe(v.string(), v.maxLength(100))), subType: v.optional(v.pipe(v.string(), v.maxLength(100))) })),
      // email.suppressed and email.failed: why, as far as Resend says.
      suppressed: v.optional(v.looseObject({ message: v.optional(reason) })),
      failed: v.optional(v.looseObject({ reason: v.optional(reason) })),
    }),
  ),
});

export type ResendEvent = v.InferOutput<typeof ResendEventSchema>;
