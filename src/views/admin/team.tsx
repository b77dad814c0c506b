import type { ApiToken } from '../../db/api-tokens';
import type { AuditRow } from '../../db/audit';
import type { I18n } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/index';
import { TOKEN_SCOPES, type TokenScope } from '../../lib/principal';
import { AdminNav } from './admin-nav';

/** How a token's scope is named in its list and offered when one is made. */
const SCOPE_SHORT: Record<TokenScope, MessageKey> = { read: 'admin.tokens.scope.read', edit: 'admin.tokens.scope.edit' };
const SCOPE_CHOICE: Record<TokenScope, MessageKey> = { read: 'editor.tokens.scope.read', edit: 'editor.tokens.scope.edit' };

export type TeamProps = { slug: string; title: string; organisers: string[]; tokens: ApiToken[]; audit: AuditRow[]; csrf: string; newToken?: string; error?: string; tokenError?: string; i18n: I18n };

function Csrf({ csrf }: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={csrf} />;
}

function Organisers({ slug, organisers, csrf, error, i18n: { t, link } }: TeamProps) {
  return (
    <section aria-labelledby="organisers-heading">
      <h2 id="organisers-heading">{t('editor.organisers')}</h2>
      <ul>
        {organisers.map((email) => (
          <li>
            {email}{' '}
            <form method="post" action={link(`/admin/campaigns/${slug}/organisers/remove`)} class="inline">
              <Csrf csrf={csrf} /><input type="hidden" name="email" value={email} />
              <button type="submit" class="secondary small">{t('editor.organisers.remove')}</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={link(`/admin/campaigns/${slug}/organisers`)}>
        <Csrf csrf={csrf} />
        <p class={error ? 'field invalid' : 'field'}>
          <label for="organiser-email">{t('editor.organisers.add')}</label>
          <input id="organiser-email" name="email" type="email" required aria-describedby={error ? 'organiser-email-error' : undefined} />
          {error && <span class="field-error" id="organiser-email-error">{error}</span>}
        </p>
        <p class="hint">{t('editor.organisers.hint')}</p>
        <button type="submit">{t('editor.organisers.addButton')}</button>
      </form>
    </section>
  );
}

/** A campaign's API tokens, each revocable until revoked (the team page and the dashboard list them). */
export function TokenList({ slug, tokens, csrf, i18n: { t, link } }: { slug: string; tokens: ApiToken[]; csrf: string; i18n: Pick<I18n, 't' | 'link'> }) {
  return (
    <ul class="log">
      {tokens.map((tok) => (
        <li>
          #{tok.id} {tok.label || t('admin.tokens.noLabel')} · {t(SCOPE_SHORT[tok.scope])} · {t('admin.tokens.made', { date: new Date(tok.createdAt).toISOString().slice(0, 10) })}
          {tok.lastUsedAt !== null && <> · {t('admin.tokens.lastUsed', { time: new Date(tok.lastUsedAt).toISOString() })}</>}
          {tok.revokedAt !== null ? <> · {t('admin.tokens.revoked')}</> : (
            <form method="post" action={link(`/admin/campaigns/${slug}/tokens/${tok.id}/revoke`)} class="inline">
              <Csrf csrf={csrf} />{' '}<button type="submit" class="secondary small">{t('admin.tokens.revoke')}</button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The scope of a new token, chosen each time (no choice is made for the organiser). */
function ScopeChoice({ error, t }: { error?: string; t: I18n['t'] }) {
  return (
    <fieldset class={error ? 'field invalid' : 'field'} aria-describedby={error ? 'token-scope-error' : undefined}>
      <legend>{t('editor.tokens.scope')}</legend>
      {TOKEN_SCOPES.map((scope) => (
        <p><label><input type="radio" name="scope" value={scope} required /> {t(SCOPE_CHOICE[scope])}</label></p>
      ))}
      {error && <span class="field-error" id="token-scope-error">{error}</span>}
    </fieldset>
  );
}

function Tokens({ slug, tokens, csrf, newToken, tokenError, i18n: { t, link } }: TeamProps) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('admin.tokens.heading')}</h2>
      {newToken && (
        <div class="notice" role="status">
          <p>{t('editor.tokens.shownOnce')}</p>
          <p><code class="token" data-token>{newToken}</code></p>
        </div>
      )}
      {tokens.length === 0 && <p>{t('admin.tokens.empty')}</p>}
      <TokenList slug={slug} tokens={tokens} csrf={csrf} i18n={{ t, link }} />
      <form method="post" action={link(`/admin/campaigns/${slug}/tokens`)}>
        <Csrf csrf={csrf} />
        <p class="field"><label for="token-label">{t('editor.tokens.label')}</label><input id="token-label" name="label" type="text" maxlength={100} /></p>
        <ScopeChoice error={tokenError} t={t} />
        <button type="submit">{t('editor.tokens.create')}</button>
      </form>
    </section>
  );
}

function Audit({ audit, i18n: { t } }: TeamProps) {
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('editor.audit')}</h2>
      {audit.length === 0 ? <p>{t('admin.noneYet')}</p> : (
        <div class="table-scroll" role="region" aria-label={t('editor.audit')} tabindex={0}>
        <table class="audit">
          <thead><tr><th scope="col">{t('editor.audit.when')}</th><th scope="col">{t('editor.audit.who')}</th><th scope="col">{t('editor.audit.what')}</th></tr></thead>
          <tbody>
            {audit.map((a) => (
              <tr><td><time datetime={new Date(a.createdAt).toISOString()}>{new Date(a.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</time></td><td>{a.actor}</td><td>{a.action} {a.detail && <code>{a.detail}</code>}</td></tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}

/** A campaign's organisers, its API tokens and its audit log. */
export function TeamPage(p: TeamProps) {
  const { t, link } = p.i18n;
  return (
    <section class="admin">
      <AdminNav slug={p.slug} current="team" i18n={p.i18n} />
      <h1>{t('editor.team.heading', { title: p.title })}</h1>
      <Organisers {...p} />
      <Tokens {...p} />
      <Audit {...p} />
    </section>
  );
}
