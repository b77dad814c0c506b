import type { MessageKey } from '../../i18n/index';
import type { I18n } from '../../i18n/lang';
import { idOf } from './form-fields';

// The editor's labels by field path, so the list above the form says "Sender name", not `mail.senderName`.
const LABELS: Record<string, MessageKey> = {
  slug: 'editor.slug', status: 'editor.status', closesAt: 'editor.closesAt', locale: 'editor.locale', title: 'editor.title',
  summary: 'editor.summary', body: 'editor.body', demands: 'editor.demands', goal: 'editor.goal', milestones: 'editor.milestones',
  image: 'editor.image', organisers: 'editor.organisers', moderation: 'editor.moderation', 'mail.senderName': 'editor.mail.senderName',
  'mail.to': 'editor.mail.to', 'mail.cc': 'editor.mail.cc', 'mail.forward': 'editor.mail.forward', 'mail.subject': 'editor.mail.subject',
  'mail.body': 'editor.mail.body', 'mail.targetPerHour': 'editor.mail.targetPerHour', 'mail.campaignPerHour': 'editor.mail.campaignPerHour',
  'privacy.controller': 'editor.privacy.controller', 'privacy.contact': 'editor.privacy.contact', 'privacy.retentionDays': 'editor.privacy.retentionDays',
  'privacy.consentVersion': 'editor.privacy.consentVersion', 'abuse.blockedDomains': 'editor.abuse.blockedDomains', 'abuse.blockedEmails': 'editor.abuse.blockedEmails',
  targets: 'editor.targets', targetsCsv: 'editor.csv.import',
};

const TARGET: Record<string, MessageKey> = { country: 'editor.target.country', name: 'editor.target.name', email: 'editor.target.email', id: 'editor.target.id', locale: 'editor.target.locale' };

/** The words for a field's path: its label, "Target 3 — Country", or "Title (ru)". */
export function fieldLabel(path: string, { t }: I18n): string {
  const target = /^targets\.(\d+)\.(.+)$/.exec(path);
  if (target) {
    const key = TARGET[target[2] ?? ''];
    return `${t('editor.target.legend', { n: Number(target[1]) + 1 })} — ${key ? t(key) : (target[2] ?? '')}`;
  }
  const translated = /^translations\.([a-z]{2})\.(.+)$/.exec(path);
  if (translated) {
    const key = LABELS[translated[2] ?? ''];
    return `${key ? t(key) : translated[2]} (${translated[1]})`;
  }
  const key = LABELS[path];
  return key ? t(key) : path;
}

/** Above the form: how many fields need changing, each a link to its field, in the organiser's words. */
export function ProblemList({ errors, i18n }: { errors: Record<string, string>; i18n: I18n }) {
  const problems = Object.entries(errors);
  if (problems.length === 0) return null;
  return (
    <div class="form-error" role="alert">
      <p>{i18n.t('editor.problems', { count: problems.length })}</p>
      <ul>{problems.map(([field, message]) => <li><a href={`#${idOf(field)}`}>{fieldLabel(field, i18n)}</a>: {message}</li>)}</ul>
    </div>
  );
}
