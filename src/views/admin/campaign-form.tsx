import { LANGUAGE_NAMES, LOCALES } from '../../i18n/index';
import { Checkbox, Field, type FieldState, type Options } from './form-fields';
import { ProblemList } from './problem-list';
import { TargetsEditor } from './targets-editor';

export type CampaignFormProps = FieldState & { mode: 'new' | 'edit'; slug: string; csrf: string };

function Translations({ s }: { s: FieldState }) {
  const { t } = s.i18n;
  return (
    <fieldset>
      <legend>{t('editor.translations')}</legend>
      <input type="hidden" name="translations.present" value="1" />
      <p class="hint">{t('editor.translations.hint')}</p>
      {LOCALES.map((l) => (
        <details open={Object.keys(s.values).some((k) => k.startsWith(`translations.${l}.`))}>
          <summary>{l}</summary>
          <Field name={`translations.${l}.title`} label={'editor.title'} s={s} lang={l} />
          <Field name={`translations.${l}.summary`} label={'editor.summary'} s={s} lang={l} />
          <Field name={`translations.${l}.body`} label={'editor.body'} s={s} rows={6} lang={l} />
          <Field name={`translations.${l}.demands`} label={'editor.demands'} s={s} rows={3} lang={l} />
          <Field name={`translations.${l}.mail.subject`} label={'editor.mail.subject'} s={s} lang={l} />
          <Field name={`translations.${l}.mail.body`} label={'editor.mail.body'} s={s} rows={3} lang={l} />
        </details>
      ))}
    </fieldset>
  );
}

/** The choices of the editor's selects, in words (the file's values stay what is sent). */
function choices(s: FieldState) {
  const { t } = s.i18n;
  const of = (pairs: [string, Parameters<typeof t>[0]][]): Options => pairs.map(([v, k]) => [v, t(k)]);
  return {
    status: of([['draft', 'editor.choice.draft'], ['open', 'editor.choice.open'], ['closed', 'editor.choice.closed']]),
    forward: of([['each', 'editor.choice.each'], ['digest', 'editor.choice.digest'], ['none', 'editor.choice.none']]),
    moderation: of([['show-first', 'editor.choice.showFirst'], ['approve-first', 'editor.choice.approveFirst']]),
    // A language the interface has no catalogue for (a file may say "pt-BR") stays choosable.
    locale: [...(LOCALES.some((l) => l === s.values.locale) || !s.values.locale ? [] : [[s.values.locale, s.values.locale] as const]), ...LOCALES.map((l): readonly [string, string] => [l, LANGUAGE_NAMES[l]])],
  };
}

function MailAndPrivacy({ s }: { s: FieldState }) {
  const { t } = s.i18n;
  const pick = choices(s);
  return (
    <>
      <fieldset>
        <legend>{t('editor.mail')}</legend>
        <Field name="mail.senderName" label={'editor.mail.senderName'} s={s} />
        <Field name="mail.to" label={'editor.mail.to'} s={s} type="email" />
        <Field name="mail.cc" label={'editor.mail.cc'} s={s} rows={2} hint={'editor.oneALine'} />
        <Field name="mail.forward" label={'editor.mail.forward'} s={s} options={pick.forward} />
        <Field name="mail.subject" label={'editor.mail.subject'} s={s} />
        <Field name="mail.body" label={'editor.mail.body'} s={s} rows={3} />
        <Field name="mail.targetPerHour" label={'editor.mail.targetPerHour'} s={s} type="number" />
        <Field name="mail.campaignPerHour" label={'editor.mail.campaignPerHour'} s={s} type="number" />
        <Checkbox name="reminder" label={'editor.reminder'} s={s} />
        <Checkbox name="milestoneMail" label={'editor.milestoneMail'} s={s} />
      </fieldset>
      <fieldset>
        <legend>{t('editor.privacy')}</legend>
        <Field name="privacy.controller" label={'editor.privacy.controller'} s={s} />
        <Field name="privacy.contact" label={'editor.privacy.contact'} s={s} type="email" />
        <Field name="privacy.retentionDays" label={'editor.privacy.retentionDays'} s={s} type="number" />
        <Field name="privacy.consentVersion" label={'editor.privacy.consentVersion'} s={s} />
      </fieldset>
      <fieldset>
        <legend>{t('editor.moderation')}</legend>
        <Field name="moderation" label={'editor.moderation'} s={s} options={pick.moderation} />
        <Checkbox name="abuse.blockDisposable" label={'editor.abuse.blockDisposable'} s={s} />
        <Field name="abuse.blockedDomains" label={'editor.abuse.blockedDomains'} s={s} rows={2} hint={'editor.oneALine'} />
        <Field name="abuse.blockedEmails" label={'editor.abuse.blockedEmails'} s={s} rows={2} hint={'editor.oneALine'} />
      </fieldset>
    </>
  );
}

/** The campaign file as a form: new (slug and organisers editable) or an existing campaign. */
export function CampaignForm(p: CampaignFormProps) {
  const { t, link } = p.i18n;
  const pick = choices(p);
  const action = p.mode === 'new' ? '/admin/new-campaign' : `/admin/campaigns/${p.slug}/edit`;
  return (
    <form method="post" action={link(action)} class="campaign-editor" novalidate>
      <input type="hidden" name="_csrf" value={p.csrf} />
      <ProblemList errors={p.errors} i18n={p.i18n} />
      <fieldset>
        <legend>{t('editor.campaign')}</legend>
        <Field name="slug" label={'editor.slug'} s={p} readonly={p.mode === 'edit'} hint={p.mode === 'new' ? 'editor.slug.hint' : 'editor.slug.fixed'} />
        <Field name="status" label={'editor.status'} s={p} options={pick.status} hint={'editor.status.hint'} />
        <Field name="closesAt" label={'editor.closesAt'} s={p} type="datetime-local" hint={'editor.closesAt.hint'} />
        <Field name="locale" label={'editor.locale'} s={p} options={pick.locale} />
        <Field name="title" label={'editor.title'} s={p} />
        <Field name="summary" label={'editor.summary'} s={p} />
        <Field name="body" label={'editor.body'} s={p} rows={10} />
        <Field name="demands" label={'editor.demands'} s={p} rows={4} hint={'editor.oneALine'} />
        <Field name="goal" label={'editor.goal'} s={p} type="number" />
        <Field name="milestones" label={'editor.milestones'} s={p} hint={'editor.milestones.hint'} />
        <Field name="image" label={'editor.image'} s={p} hint={'editor.image.hint'} />
        {p.mode === 'new' && <Field name="organisers" label={'editor.organisers'} s={p} rows={2} hint={'editor.oneALine'} />}
      </fieldset>
      <Translations s={p} />
      <MailAndPrivacy s={p} />
      <fieldset>
        <legend>{t('editor.targets')}</legend>
        <TargetsEditor s={p} />
      </fieldset>
      <p><button type="submit">{t(p.mode === 'new' ? 'editor.create' : 'editor.save')}</button></p>
    </form>
  );
}
