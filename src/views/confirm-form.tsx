import type { Target } from '../db/campaigns';
import type { Signature } from '../db/signatures';
import type { I18n } from '../i18n/lang';
import { NO_TARGET } from '../schemas/signature';
import { Check, ErrorSummary, FieldError, fieldProps, type FormState, TargetChoice, WhoFields } from './form-fields';
import { Notice } from './layout';
import { MessageField } from './message-field';

const FIELD_ORDER = ['name', 'country', 'city', 'message', 'target', 'public', 'reply', 'updates'];

/** The boxes of the confirmation form, in the order shown. */
export const CONFIRM_BOXES = ['public', 'reply', 'updates'] as const;

/**
 * The confirmation form as it first shows: the details as last submitted with this address
 * (for review: anyone could have typed them), and only the boxes `ticked` (this browser's own
 * choices when it signed), every other box off.
 */
export function confirmFormState(sig: Signature, ticked: ReadonlySet<string>): FormState {
  const values: Record<string, string> = {
    name: sig.name, country: sig.country, city: sig.city, message: sig.message ?? '',
    target: sig.target?.key ?? NO_TARGET,
  };
  for (const box of CONFIRM_BOXES) if (ticked.has(box)) values[box] = 'on';
  return { values, errors: {} };
}

type Props = { token: string; slug: string; targets: readonly Target[]; state: FormState; i18n: I18n };

/**
 * The link from the email: everything sent or shown in the supporter's name, as a form they
 * can change, and the button that confirms it (a POST: mail scanners follow links but do not
 * press buttons). What the POST carries is what is stored.
 */
export function ConfirmPage({ token, slug, targets, state, i18n }: Props) {
  const { t, link } = i18n;
  const first = FIELD_ORDER.find((f) => state.errors[f]);
  return (
    <Notice heading={t('confirm.title')}>
      <p>{t('confirm.intro')}</p>
      <form method="post" action={link(`/s/${token}/confirm`)} class="sign-form confirm-form" novalidate>
        <ErrorSummary order={FIELD_ORDER} state={state} i18n={i18n} />
        <WhoFields state={state} first={first} i18n={i18n} />
        <MessageField state={state} first={first} rows={4} i18n={i18n} />
        <TargetChoice targets={targets} state={state} first={first} i18n={i18n} />
        <p class="hint">{t('confirm.boxes')}</p>
        <Check name="public" label={t('form.public')} state={state} first={first} />
        <Check name="reply" label={t('form.reply')} state={state} first={first} />
        <Check name="updates" label={t('form.updates')} state={state} first={first} />
        <p class="hint"><a href={link(`/c/${slug}/privacy`)}>{t('confirm.privacy')}</a></p>
        {/* One button, after everything it confirms (so read, tabbed to and heard last), kept in
            sight at the bottom of the screen while the form scrolls: in the first screen of any
            phone however long the message (app.css .sticky-submit). */}
        <div class="sticky-submit">
          <button type="submit" class="submit">{t('confirm.button')}</button>
        </div>
      </form>
    </Notice>
  );
}
