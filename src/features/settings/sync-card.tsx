import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/use-translation';
import { Link } from 'react-router';
import { useStore } from 'zustand';
import { db } from '../../db/instance';
import { getMeta } from '../../db/meta';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { signIn, signOut } from '../../sync/account';
import { liftUploadHold } from '../../sync/blobs';
import { requestSync } from '../../sync/instance';
import { syncStatus } from '../../sync/scheduler';
import { isSendable } from '../../sync/authors';
import { waitingForOthers } from '../../sync/shared-phone';
import { RequestRefused, RetryLater } from '../../sync/transport';
import { localizedName, type Collection } from '../../core/model';
import { moveToCommunity } from '../../db/docs';
import { SelectField, TextField } from '../../ui/field';
import { useLanguage } from '../../ui/use-app-data';
import { useSessionKnownFirst } from './known-session';

/** Refusals a person can fix by choosing one of their own communities for the record. */
const MOVABLE = new Set(['forbidden_community', 'unknown_community']);

function MoveRecord({ collection, docId, communityIds }: { collection: Collection; docId: string; communityIds: string[] }) {
  const { t } = useTranslation('sync');
  const lang = useLanguage();
  const communities = useLiveQuery(() => db.communities.bulkGet(communityIds), [communityIds.join(',')]);
  const [target, setTarget] = useState(communityIds[0]!);
  async function move() {
    await moveToCommunity(db, collection, docId, target);
    requestSync();
  }
  return (
    <div className="move-record">
      <SelectField
        label={t('move.label')}
        value={target}
        onChange={setTarget}
        options={communityIds.map((id, index) => ({ value: id, label: communities?.[index] ? localizedName(communities[index].name, lang) : id }))}
      />
      <button type="button" className="button" onClick={() => void move()}>
        {t('move.button')}
      </button>
    </div>
  );
}

/** Sign-in, what is waiting to be sent, when the phone last synced, and what needs attention. */
export function SyncCard() {
  const { t } = useTranslation('sync');
  const lang = useLanguage();
  const session = useSessionKnownFirst();
  const lastSyncAt = useLiveQuery(async () => (await getMeta<string>(db, 'lastSyncAt')) ?? null, []);
  const author = session && !session.expired ? session.user.id : session === null ? '' : undefined;
  // This person's own unsent changes; another person's wait for them (shown apart, never sent now).
  const pending = useLiveQuery(async () => (author === undefined ? undefined : db.outbox.filter((entry) => isSendable(entry, author)).count()), [author]);
  // Sent again after a server restore, waiting for another phone to send back what they build on.
  const waiting = useLiveQuery(
    async () => (author === undefined ? 0 : db.outbox.filter((entry) => isSendable(entry, author) && Boolean(entry.waiting)).count()),
    [author],
  );
  const rejected = useLiveQuery(() => db.outbox.filter((entry) => Boolean(entry.rejected) && (entry.author ?? '') === (author ?? '')).toArray(), [author]);
  const others = useLiveQuery(() => waitingForOthers(db, author ?? ''), [author]);
  const status = useStore(syncStatus);
  const [confirmSignOut, setConfirmSignOut] = useState(false);

  if (session === undefined) return null;
  const signedIn = session && !session.expired;

  return (
    <section className="card" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('pending')}</dt>
          <dd data-testid="pending-count">{pending === undefined ? '…' : formatNumber(pending, lang)}</dd>
        </div>
        <div>
          <dt>{t('lastSynced')}</dt>
          <dd data-testid="last-synced">{lastSyncAt ? formatDateTime(lastSyncAt, lang) : t('never')}</dd>
        </div>
        {signedIn && (
          <div>
            <dt>{t('stateLabel')}</dt>
            <dd data-testid="sync-state">
              {/* Announced as it changes; inside the dd, which may hold no role of its own. */}
              <span role="status">
                {t(`state.${shownState(status.state, pending ?? 0, rejected?.length ?? 0)}`)}
                {status.progress && ` · ${t('progress', { sent: status.progress.sent, received: status.progress.received })}`}
                {status.progress?.photosSent ? ` · ${t('photosSent', { n: status.progress.photosSent })}` : ''}
              </span>
            </dd>
          </div>
        )}
      </dl>
      {status.problem && signedIn && <p className="field-error">{t(status.problem)}</p>}
      {waiting !== undefined && waiting > 0 && (
        <p className="field-hint" data-testid="waiting-after-restore">
          {t('waitingAfterRestore', { count: waiting, n: formatNumber(waiting, lang) })}
        </p>
      )}
      {others && others.length > 0 && (
        <ul className="problem-list" data-testid="waiting-for-others">
          {others.map((other) => (
            <li key={other.author}>{t('waitingFor', { count: other.count, n: formatNumber(other.count, lang), name: other.name || t('someoneElse') })}</li>
          ))}
        </ul>
      )}
      {rejected && rejected.length > 0 && (
        <div className="notice" role="alert" data-testid="needs-attention">
          <p>{t('attention', { count: rejected.length })}</p>
          <ul className="problem-list">
            {rejected.map((entry, index) => (
              <li key={entry.changeId}>
                {t(`collection.${entry.collection}`)}: {t(`rejected.${entry.rejected!.code}`, { defaultValue: t('rejected.other') })}
                {signedIn &&
                  MOVABLE.has(entry.rejected!.code) &&
                  session.user.communityIds.length > 0 &&
                  rejected.findIndex((other) => other.docId === entry.docId) === index && (
                    <MoveRecord collection={entry.collection} docId={entry.docId} communityIds={session.user.communityIds} />
                  )}
              </li>
            ))}
          </ul>
          <p>{t('attentionKept')}</p>
          <p className="link-row">
            <Link to="/settings/backup" className="button">
              {t('attentionExport')}
            </Link>
          </p>
        </div>
      )}
      {signedIn ? (
        <>
          <p>{t('signedInAs', { name: session.user.displayName })}</p>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => requestSync(liftUploadHold(db))} disabled={status.state === 'syncing'}>
              {t('syncNow')}
            </button>
            {confirmSignOut ? (
              <>
                <p className="field-error" id="sign-out-warning">
                  {t('signOutWarning', { count: pending ?? 0 })}
                </p>
                <button type="button" className="button button-danger-outline" aria-describedby="sign-out-warning" onClick={() => void signOut(db)}>
                  {t('signOutAnyway')}
                </button>
                <button type="button" className="button" onClick={() => setConfirmSignOut(false)}>
                  {t('keepSignedIn')}
                </button>
              </>
            ) : (
              <button type="button" className="button" onClick={() => (pending ? setConfirmSignOut(true) : void signOut(db))}>
                {t('signOut')}
              </button>
            )}
          </div>
        </>
      ) : (
        <SignInForm expired={Boolean(session?.expired)} />
      )}
    </section>
  );
}

function SignInForm({ expired }: { expired: boolean }) {
  const { t } = useTranslation('sync');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setProblem('signIn.missing');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await signIn(db, username.trim(), password, navigator.userAgent.slice(0, 100));
      requestSync();
    } catch (error) {
      if (error instanceof RetryLater) setProblem(error.reason === 'offline' ? 'problem.offline' : 'problem.server_busy');
      else if (error instanceof RequestRefused && error.status === 429) setProblem('signIn.tooMany');
      else setProblem('signIn.wrong');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
      <h3 id="sign-in-title">{t('signIn.title')}</h3>
      <p className="field-hint">{expired ? t('signIn.expired') : t('signIn.why')}</p>
      <TextField label={t('signIn.username')} value={username} onChange={setUsername} autoComplete="username" required />
      <PasswordField label={t('signIn.password')} value={password} onChange={setPassword} />
      {problem && (
        <p className="field-error" role="alert">
          {t(problem)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}

function PasswordField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor="sign-in-password">{label}</label>
      <input id="sign-in-password" type="password" autoComplete="current-password" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/**
 * The state in words: never "synced" while this person's changes still wait or the server refused
 * some (they need attention), even when the last sync itself went well.
 */
function shownState(state: string, pending: number, refused: number): string {
  if (state !== 'idle') return state;
  if (refused > 0) return 'attention';
  return pending > 0 ? 'waiting' : 'idle';
}
