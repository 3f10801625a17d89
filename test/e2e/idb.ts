import type { Page } from 'playwright-core';

// What is really on the phone, read straight from IndexedDB in the page (not through the app), so
// the checks do not trust the code they check.

export interface StoredAttachment {
  hash: string;
  size: number;
}

export interface PhoneState {
  assets: { id: string; name: string; deleted: boolean; photos: StoredAttachment[] }[];
  /** Every stored file, with the size of the blob actually read back (-1 when it cannot be read). */
  photos: { id: string; collection: string; docId: string; hash: string; size: number; readBytes: number; uploaded: number }[];
  outbox: { seq: number; changeId: string; collection: string; docId: string; fields: string[]; deleted: boolean; rejected: boolean }[];
  /**
   * Forms not saved yet. A new record's form lists the photos picked for it, stored in `photos`
   * under the id the record will have (`recordId`); `pendingBytes` is what each reads back from
   * there (-1 when it is not stored).
   */
  drafts: { key: string; name: unknown; recordId: string | null; pendingPhotos: number; pendingHashes: string[]; pendingBytes: number[] }[];
}

export function readPhone(page: Page): Promise<PhoneState> {
  return page.evaluate(async () => {
    const open = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('ashar');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = open.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error);
      });
    const [assets, photos, outbox, drafts] = [await all('assets'), await all('photos'), await all('outbox'), await all('drafts')];
    open.close();
    const readBytes = async (blob: unknown) => {
      try {
        return (await (blob as Blob).arrayBuffer()).byteLength;
      } catch {
        return -1;
      }
    };
    return {
      assets: assets.map((asset) => ({
        id: asset.id as string,
        name: asset.name as string,
        deleted: asset._deleted === 1,
        photos: ((asset.photos as { hash: string; size: number }[] | undefined) ?? []).map(({ hash, size }) => ({ hash, size })),
      })),
      photos: await Promise.all(
        photos.map(async (photo) => ({
          id: photo.id as string,
          collection: photo.collection as string,
          docId: photo.docId as string,
          hash: photo.hash as string,
          size: photo.size as number,
          readBytes: await readBytes(photo.blob),
          uploaded: photo.uploaded as number,
        })),
      ),
      outbox: outbox.map((entry) => ({
        seq: entry.seq as number,
        changeId: entry.changeId as string,
        collection: entry.collection as string,
        docId: entry.docId as string,
        fields: Object.keys((entry.set as Record<string, unknown> | undefined) ?? {}),
        deleted: entry.deleted === true,
        rejected: entry.rejected !== undefined,
      })),
      drafts: await Promise.all(
        drafts.map(async (draft) => {
          const values = draft.values as { name?: unknown; recordId?: string; pendingPhotos?: { hash: string }[] };
          const pending = values.pendingPhotos ?? [];
          const recordId = values.recordId ?? null;
          const stored = (hash: string) => photos.find((photo) => photo.hash === hash && photo.docId === recordId);
          return {
            key: draft.key as string,
            name: values.name,
            recordId,
            pendingPhotos: pending.length,
            pendingHashes: pending.map((photo) => photo.hash),
            pendingBytes: await Promise.all(pending.map((photo) => (stored(photo.hash) ? readBytes(stored(photo.hash)!.blob) : -1))),
          };
        }),
      ),
    };
  });
}

/**
 * The promises that hold whatever happened to the phone: every change waiting to be sent belongs
 * to a stored record; every record made here has a change waiting (until the server acknowledged
 * it); every file a record lists is on the phone and readable, at its size; every file not yet
 * sent is listed by its record, or by the form of a record not saved yet; every file such a form
 * lists is on the phone and readable. Returns what is broken, in words (empty when all hold).
 */
export function brokenPromises(state: PhoneState, options: { synced?: boolean } = {}): string[] {
  const broken: string[] = [];
  const assets = new Map(state.assets.map((asset) => [asset.id, asset]));
  for (const entry of state.outbox) {
    if (entry.collection === 'assets' && !assets.has(entry.docId)) broken.push(`change ${entry.changeId} for asset ${entry.docId}, which is not stored`);
  }
  if (!options.synced) {
    for (const asset of state.assets) {
      if (!state.outbox.some((entry) => entry.docId === asset.id && entry.fields.includes('createdAt')))
        broken.push(`asset "${asset.name}" with no change waiting to create it`);
    }
  }
  for (const asset of state.assets) {
    if (asset.deleted) continue;
    for (const listed of asset.photos) {
      const file = state.photos.find((photo) => photo.hash === listed.hash);
      if (!file) broken.push(`asset "${asset.name}" lists photo ${listed.hash.slice(0, 8)}, which is not stored`);
      else if (file.readBytes !== listed.size)
        broken.push(`photo ${listed.hash.slice(0, 8)} of "${asset.name}" reads ${file.readBytes} bytes, listed as ${listed.size}`);
    }
  }
  for (const photo of state.photos) {
    if (photo.uploaded || photo.collection !== 'assets') continue;
    const listed = assets.get(photo.docId)?.photos.some((item) => item.hash === photo.hash);
    const inForm = state.drafts.some((draft) => draft.recordId === photo.docId && draft.pendingHashes.includes(photo.hash));
    if (!listed && !inForm) broken.push(`unsent photo ${photo.hash.slice(0, 8)} that no record or form lists`);
  }
  for (const draft of state.drafts) {
    draft.pendingBytes.forEach((bytes, index) => {
      if (bytes <= 0) broken.push(`the form "${draft.key}" lists photo ${draft.pendingHashes[index]?.slice(0, 8)}, which is not stored`);
    });
  }
  return broken;
}

/** The values a form's draft holds on the phone now (undefined when there is none), read straight from IndexedDB. */
export function storedDraft(page: Page, key: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(async (draftKey) => {
    const open = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('ashar');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const request = open.transaction('drafts').objectStore('drafts').get(draftKey);
        request.onsuccess = () => resolve((request.result as { values?: Record<string, unknown> } | undefined)?.values);
        request.onerror = () => reject(request.error);
      });
    } finally {
      open.close();
    }
  }, key);
}

/** The ids of every record of these stores in the app's database on this phone, whatever the screens show. */
export function storedIds(page: Page, stores: readonly string[]): Promise<Record<string, string[]>> {
  return page.evaluate(
    (names) =>
      new Promise<Record<string, string[]>>((resolve, reject) => {
        const open = indexedDB.open('ashar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction(names);
          const found: Record<string, string[]> = {};
          for (const name of names) {
            const request = transaction.objectStore(name).getAllKeys();
            request.onsuccess = () => (found[name] = (request.result as string[]).sort());
          }
          transaction.oncomplete = () => {
            open.result.close();
            resolve(found);
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    [...stores],
  );
}

/**
 * What the app's database holds, in short (its version, how many rows each store has, and the
 * settings), to explain in a failure's message what a phone showed instead of what was expected.
 */
export function describeDatabase(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((entry) => `${entry.name}@${entry.version}`);
    const open = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('ashar');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores = [...open.objectStoreNames];
    const counts: string[] = [];
    let meta: unknown = null;
    if (stores.length > 0) {
      const transaction = open.transaction(stores);
      await Promise.all(
        stores.map(
          (name) =>
            new Promise<void>((resolve) => {
              const request = transaction.objectStore(name).count();
              request.onsuccess = () => resolve(void counts.push(`${name}: ${request.result as number}`));
              request.onerror = () => resolve(void counts.push(`${name}: (unreadable)`));
            }),
        ),
      );
      if (stores.includes('meta')) {
        meta = await new Promise((resolve) => {
          const request = open.transaction('meta').objectStore('meta').getAll();
          request.onsuccess = () => resolve((request.result as { key: string; value: unknown }[]).filter((row) => typeof row.value !== 'object'));
          request.onerror = () => resolve('(unreadable)');
        });
      }
    }
    open.close();
    return `databases ${names.join(', ')}; version ${open.version}; ${counts.join(', ')}; meta ${JSON.stringify(meta)}`;
  });
}
