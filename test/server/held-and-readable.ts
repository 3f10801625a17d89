import { COLLECTIONS } from '../../src/core/model';
import type { AsharDb } from '../../src/db/database';
import { fromLocalDoc } from '../../src/db/doc-state';
import { keysMeet, readerKeysIn } from '../../server/audience';
import type { Storage } from '../../server/storage/types';

// The two sides of "each phone holds exactly what its person may read": compared with toEqual.

/** What the phone holds, as the server would state it. */
export async function heldOnPhone(phone: AsharDb): Promise<Map<string, unknown>> {
  const docs = new Map<string, unknown>();
  for (const collection of COLLECTIONS) {
    for (const row of await phone.docs(collection).toArray()) {
      const { fields, versions, deleted } = fromLocalDoc(collection, row as never);
      docs.set(`${collection}/${row.id}`, { fields, versions, deleted });
    }
  }
  return docs;
}

/** Every document on the server that the user may read now (their follows and teams too), with its state. */
export async function readableOnServer(storage: Storage, username: string): Promise<Map<string, unknown>> {
  const keys = await readerKeysIn(storage, (await storage.userByName(username))!);
  const docs = new Map<string, unknown>();
  for (const doc of (await storage.docsChangedAfter(0, Number.MAX_SAFE_INTEGER, keys, 1_000_000)).docs) {
    if (keysMeet(keys, doc.audience)) docs.set(`${doc.collection}/${doc.docId}`, { fields: doc.fields, versions: doc.versions, deleted: doc.deleted });
  }
  return docs;
}
