import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { AsharDb, SCHEMA_VERSIONS, declaredVersions } from '../../../src/db/database';
import { newId } from '../../../src/core/ids';

// Every schema version must open a database written by the one before it with nothing lost: a
// phone updates the app with weeks of unsynced work on it.

/** Each object store of an open database with its key path and its indexes (name, key path, unique, multi-entry). */
function installedSchema(db: Dexie) {
  const idb = db.backendDB();
  const tx = idb.transaction([...idb.objectStoreNames], 'readonly');
  return Object.fromEntries(
    [...idb.objectStoreNames].map((name) => {
      const store = tx.objectStore(name);
      const indexes = [...store.indexNames].map((index) => {
        const { keyPath, unique, multiEntry } = store.index(index);
        return { index, keyPath, unique, multiEntry };
      });
      return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
    }),
  );
}

async function freshSchema() {
  const fresh = new AsharDb(`fresh-${newId()}`);
  await fresh.open();
  const schema = installedSchema(fresh);
  fresh.close();
  return schema;
}

describe('database upgrades', () => {
  for (const [index, previous] of SCHEMA_VERSIONS.slice(0, -1).entries()) {
    it(`opens a version ${previous.version} database keeping its records and outbox`, async () => {
      const name = `upgrade-${previous.version}-${newId()}`;
      const old = new Dexie(name);
      for (const { version, stores } of SCHEMA_VERSIONS.slice(0, index + 1)) old.version(version).stores(stores);
      const docId = newId();
      await old.table('caseStudies').put({ id: docId, communityId: 'c', title: 'Эски', status: 'draft', topics: [], _v: {}, _deleted: 0 });
      await old.table('outbox').add({ changeId: newId(), collection: 'caseStudies', docId, hlc: 'x', set: { title: 'Эски' }, queuedAt: '' });
      await old.table('photos').put({ id: 'p1', collection: 'assets', docId, hash: 'h', mime: 'image/jpeg', blob: new Blob(['x']), uploaded: 0 });
      old.close();

      const upgraded = new AsharDb(name);
      await upgraded.open();
      expect(upgraded.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
      expect((await upgraded.caseStudies.get(docId))?.title).toBe('Эски');
      expect(await upgraded.outbox.count()).toBe(1);
      expect(await upgraded.photos.where('hash').equals('h').count()).toBe(1);
      expect(await upgraded.caseStudies.where('translationOf').equals('none').count()).toBe(0);
      await upgraded.applications.put({
        id: newId(),
        communityId: 'c',
        caseStudyId: docId,
        date: '2026-01-01',
        outcome: 'worked',
        createdBy: '',
        createdAt: '',
        updatedAt: '',
        _v: {},
        _deleted: 0,
      });
      expect(await upgraded.applications.where('caseStudyId').equals(docId).count()).toBe(1);
      // The app declares only the versions with an upgrade and the newest: the database it leaves
      // has every table and index a new phone's has.
      expect(installedSchema(upgraded)).toEqual(await freshSchema());
      upgraded.close();
    });
  }

  it('declares the versions with an upgrade, each with the whole schema as of it, and the newest', () => {
    const declared = declaredVersions(SCHEMA_VERSIONS);
    expect(declared.map((entry) => entry.version)).toEqual([6, SCHEMA_VERSIONS.at(-1)!.version]);
    expect(declared[0]!.stores.outbox).toBe('++seq, &changeId, docId, author');
    expect(declared[0]!.stores.mapLayers).toBe('id');
    expect(declared[0]!.stores.questions).toBeUndefined();
    expect(Object.keys(declared[1]!.stores).sort()).toEqual(Object.keys(Object.assign({}, ...SCHEMA_VERSIONS.map((entry) => entry.stores))).sort());
  });

  it('gives the changes of a version 5 database to the person signed in, and pulls from the start once', async () => {
    const name = `upgrade-authors-${newId()}`;
    const old = new Dexie(name);
    for (const { version, stores } of SCHEMA_VERSIONS.filter((schema) => schema.version <= 5)) old.version(version).stores(stores);
    await old.table('meta').bulkPut([
      {
        key: 'session',
        value: { token: 't', user: { id: 'user-1', username: 'aigul', displayName: 'Айгүл', role: 'staff', communityIds: ['c'] }, expired: false },
      },
      { key: 'syncCursor', value: '120' },
    ]);
    await old.table('outbox').add({ changeId: newId(), collection: 'assets', docId: newId(), hlc: 'x', set: { name: 'Булак' }, queuedAt: '' });
    old.close();

    const upgraded = new AsharDb(name);
    await upgraded.open();
    expect((await upgraded.outbox.toArray()).map((entry) => entry.author)).toEqual(['user-1']);
    expect((await upgraded.meta.get('syncCursor'))?.value).toBeNull();
    upgraded.close();
  });
});
