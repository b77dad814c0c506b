import type { Campaign, Target } from '../../db/campaigns';
import type { StoredReply } from '../../db/replies';
import type { TargetAnswer } from '../../db/target-answers';
import type { I18n } from '../../i18n/lang';
import { targetName } from '../../lib/target-name';
import { ANSWER_STATUSES, PUBLISHED_MAX } from '../../schemas/reply';
import { STATUS_LABEL } from '../answer-status';
import type { FormState } from '../sign-form';

/** A form refused on this page: which reply's or target's form, with its input and messages. */
export type RepliesForm = { reply?: number; target?: string; state: FormState };

export type RepliesPageProps = {
  campaign: Campaign;
  csrf: string;
  targets: Target[];
  answers: TargetAnswer[];
  replies: StoredReply[];
  next: number | null;
  refused: RepliesForm | null;
  i18n: I18n;
};


const when = (ms: number, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ms);

function Error({ id, text }: { id: string; text: string | undefined }) {
  return text ? <span class="field-error" id={id}>{text}</span> : null;
}

/** Each target's status, reply count and note, with a form to mark it. */
function StatusTable({ campaign, csrf, targets, answers, refused, i18n: { t, link, locale } }: Omit<RepliesPageProps, 'replies' | 'next'>) {
  const names = new Map(targets.map((x) => [x.id, targetName(x, locale)]));
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('admin.replies.statusHeading')}</h2>
      <ul class="answer-list">
        {[...answers].sort((a, b) => Number(b.replies > 0 || b.status !== 'none') - Number(a.replies > 0 || a.status !== 'none')).map((a) => {
          const mine = refused?.target === a.key ? refused.state : null;
          const status = mine?.values.status ?? a.status;
          return (
            <li data-target={a.key}>
              <form method="post" action={link(`/admin/campaigns/${campaign.slug}/targets/${a.key}/answer`)} class="answer-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <strong>{names.get(a.key) ?? a.key}</strong>{' '}
                <span class="hint">{t('admin.replies.count', { count: a.replies, published: a.published })}</span>
                <label for={`status-${a.key}`}>{t('admin.replies.status')}</label>
                <select id={`status-${a.key}`} name="status">
                  {ANSWER_STATUSES.map((s) => <option value={s} selected={s === status}>{t(STATUS_LABEL[s])}</option>)}
                </select>
                <label for={`note-${a.key}`}>{t('admin.replies.note')}</label>
                <input id={`note-${a.key}`} name="note" type="text" maxlength={500} value={mine?.values.note ?? a.note}
                  aria-invalid={mine?.errors.note ? 'true' : undefined} aria-describedby={mine?.errors.note ? `note-${a.key}-error` : undefined} />
                <Error id={`note-${a.key}-error`} text={mine?.errors.note ?? mine?.errors.status} />
                <button type="submit" class="secondary">{t('admin.replies.save')}</button>
              </form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** One reply: its sender, dates, verdicts and text (as text, never HTML), and publishing. */
function Reply({ r, campaign, csrf, names, refused, i18n: { t, link, locale } }: { r: StoredReply; campaign: Campaign; csrf: string; names: Map<string, string>; refused: RepliesForm | null; i18n: I18n }) {
  const mine = refused?.reply === r.id ? refused.state : null;
  const base = `/admin/campaigns/${campaign.slug}/replies/${r.id}`;
  return (
    <article class="reply" data-reply={r.id} lang="">
      <h3>{names.get(r.targetKey) ?? r.targetKey}: {r.subject || t('admin.replies.noSubject')}</h3>
      <p class="meta">
        {t('admin.replies.from', { from: r.fromHeader || r.envelopeFrom })} · {t('admin.replies.received', { time: when(r.receivedAt, locale) })}
        {' · '}<span data-verdicts>{t('admin.replies.verdicts', { spf: r.spf, dkim: r.dkim, dmarc: r.dmarc })}</span>
      </p>
      {r.automatic && <p class="hint" data-automatic>{t('admin.replies.automatic')}</p>}
      <pre class="reply-text" dir="auto">{r.text}</pre>
      {r.publishedText !== null && r.publishedAt !== null ? (
        <form method="post" action={link(`${base}/unpublish`)}>
          <input type="hidden" name="_csrf" value={csrf} />
          <p>{t('admin.replies.published', { time: when(r.publishedAt, locale) })}</p>
          <blockquote data-published dir="auto">{r.publishedText}</blockquote>
          <button type="submit" class="secondary">{t('admin.replies.unpublish')}</button>
        </form>
      ) : (
        <form method="post" action={link(`${base}/publish`)} novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <label for={`publish-${r.id}`}>{t('admin.replies.publishLabel')}</label>
          <textarea id={`publish-${r.id}`} name="text" rows={6} maxlength={PUBLISHED_MAX}
            aria-invalid={mine?.errors.text ? 'true' : undefined} aria-describedby={mine?.errors.text ? `publish-${r.id}-error` : undefined}>{mine?.values.text ?? r.text}</textarea>
          <Error id={`publish-${r.id}-error`} text={mine?.errors.text} />
          <button type="submit">{t('admin.replies.publish')}</button>
        </form>
      )}
    </article>
  );
}

/** The organisers' page of what the targets answered (issue 28): statuses, then replies newest first. */
export function RepliesPage(props: RepliesPageProps) {
  const { campaign, csrf, targets, replies, next, refused, i18n } = props;
  const { t, link, locale } = i18n;
  const names = new Map(targets.map((x) => [x.id, targetName(x, locale)]));
  return (
    <section class="admin replies">
      <p><a href={link(`/admin/campaigns/${campaign.slug}`)}>{t('admin.back')}</a></p>
      <h1>{t('admin.replies.heading', { title: campaign.title })}</h1>
      <p class="hint">{t('admin.replies.intro')}</p>
      <section aria-labelledby="replies-heading">
        <h2 id="replies-heading">{t('admin.replies.listHeading')}</h2>
        {replies.length === 0 && <p>{t('admin.replies.none')}</p>}
        {replies.map((r) => <Reply r={r} campaign={campaign} csrf={csrf} names={names} refused={refused} i18n={i18n} />)}
        {next !== null && <p><a href={link(`/admin/campaigns/${campaign.slug}/replies?before=${next}`)}>{t('admin.replies.older')}</a></p>}
      </section>
      <StatusTable {...props} />
    </section>
  );
}
