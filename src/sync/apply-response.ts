import { rebase } from '../core/merge';
import { cursorHorizon } from '../core/protocol-basics';
import type { SyncResponse } from '../core/protocol';
import type { AsharDb } from '../db/database';
import { observeStamps, saveClockCheck, settleClock } from '../db/clock';
import { toLocalDoc } from '../db/doc-state';
import { settled } from '../db/docs';
import { getMeta, setMeta } from '../db/meta';
import { toChange } from '../db/outbox';
import { isSendable } from './authors';
import { finishPullFromStart, notePulled, pullingFromStart, RECOVERY_WAIT_DAYS, RECOVERY_WAITS_FOR, startPullFromStart } from './pull-from-start';
import type { Session } from './session';

/**
 * Saves what the server answered, in one transaction: acknowledged changes leave the outbox,
 * refused ones are marked with the reason, and each document becomes the server's state with the
 * signed-in person's still-unsent changes laid on top. `author` is that person ('' for none).
 */
export async function applyResponse(
  db: AsharDb,
  response: SyncResponse,
  timing: { sentAt: number; receivedAt: number },
  person?: Session['user'],
): Promise<void> {
  const author = person?.id ?? '';
  const tables = [db.outbox, db.meta, db.photos, db.pulled, ...db.docTables];
  await db.transaction('rw', tables, async () => {
    const fromStart = await pullingFromStart(db);
    if (response.acked.length > 0) {
      const acked = await db.outbox.where('changeId').anyOf(response.acked).toArray();
      if (fromStart) await notePulled(db, acked);
      await db.outbox.bulkDelete(acked.map((entry) => entry.seq!));
    }
    for (const rejection of response.rejected) {
      const entry = await db.outbox.where('changeId').equals(rejection.id).first();
      if (!entry) continue;
      // What the phone sent again after a restore is refused when it was never the person's to
      // write (another community's record): the server keeps its own, nothing is lost. Refused
      // because what it builds on is not back yet (another phone has to send it), it waits.
      if (entry.recovery && RECOVERY_WAITS_FOR.has(rejection.code) && !waitedOut(entry.queuedAt, timing.receivedAt))
        await db.outbox.update(entry.seq!, { waiting: rejection.code });
      else if (entry.recovery && !RECOVERY_WAITS_FOR.has(rejection.code)) await db.outbox.delete(entry.seq!);
      else await db.outbox.update(entry.seq!, { rejected: { code: rejection.code, message: rejection.message }, recovery: undefined, waiting: undefined });
    }
    // An answer overtaken by a later one (two syncs at once, e.g. page and service worker where
    // there is no Web Lock) holds older states of documents: what it acknowledged is true (it was
    // stored before the later answer's horizon), but its documents would put old text back and its
    // cursor would move back.
    // An answer saying the server's database went back in time is never such an answer: its cursor
    // is lower because the server's history is shorter now.
    if (!response.reset && cursorHorizon(response.cursor) < cursorHorizon(await getMeta<string | null>(db, 'syncCursor'))) return;
    if (response.reset) await startPullFromStart(db, { resendAs: person ?? null });
    else if (fromStart) await notePulled(db, response.docs);
    for (const doc of response.docs) {
      const pending = (await db.outbox.where('docId').equals(doc.docId).sortBy('seq')).filter((entry) => isSendable(entry, author));
      if (doc.withdrawn) {
        if (fromStart) await db.pulled.delete(`${doc.collection}/${doc.docId}`);
        await withdraw(db, doc.collection, doc.docId);
        continue;
      }
      const view = rebase(doc, pending.map(toChange));
      // A conflict on a field this phone has since written (not sent yet) is settled here already.
      const written = pending.flatMap((entry) => Object.keys(entry.set ?? {}));
      if (view) await db.docs(doc.collection).put({ ...(toLocalDoc(view, doc) as object), ...settled(doc.conflicts, written) } as never);
    }
    await setMeta(db, 'syncCursor', response.cursor);
    await setMeta(db, 'lastSyncAt', new Date(timing.receivedAt).toISOString());
    await learnServerClock(db, response, timing);
    // Once the pull is done and nothing sent again after a restore waits: a record kept only for
    // such a change (refused: another community's) goes too.
    if (fromStart && !response.reset && !response.more && (await db.outbox.filter((entry) => entry.recovery === true && !entry.waiting).count()) === 0)
      await finishPullFromStart(db);
  });
}

/** A change sent again after a restore that has waited its time for what it builds on. */
const waitedOut = (queuedAt: string, now: number) => now - Date.parse(queuedAt) > RECOVERY_WAIT_DAYS * 24 * 60 * 60 * 1000;

/**
 * The person may no longer read the document (unshared, unpublished, they left its community): the
 * phone removes its copy and the files it fetched for it. Their own unsent changes to it stay in the
 * outbox with their files, are refused at the next sync and shown as needing attention, and go into
 * a backup file: never removed unseen. The record they were laid on is not theirs to keep.
 */
async function withdraw(db: AsharDb, collection: SyncResponse['docs'][number]['collection'], docId: string): Promise<void> {
  await db.docs(collection).delete(docId);
  await db.photos
    .where('docId')
    .equals(docId)
    .filter((photo) => photo.uploaded === 1)
    .delete();
}

/**
 * Learns how far this phone's clock is from the server's (half the round trip counted), so its
 * next stamps are near true time even when the phone's date is wrong, brings the local clock back
 * if wrong dates left it in the future, and moves it past every stamp it has received.
 */
async function learnServerClock(db: AsharDb, response: SyncResponse, timing: { sentAt: number; receivedAt: number }) {
  const serverMs = Date.parse(response.serverTime);
  if (Number.isFinite(serverMs)) {
    await saveClockCheck(db, { offsetMs: Math.round(serverMs - (timing.sentAt + timing.receivedAt) / 2), checkedAtMs: timing.receivedAt });
    await settleClock(db, serverMs);
  }
  const now = Number.isFinite(serverMs) ? serverMs : timing.receivedAt;
  await observeStamps(
    db,
    response.docs.flatMap((doc) => Object.values(doc.versions)),
    now,
  );
}
