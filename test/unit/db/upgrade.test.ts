import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { AsharDb, SCHEMA_VERSIONS } from '../../../src/db/database';
import { newId } from '../../../src/core/ids';

// Every schema version must open a database written by the one before it with nothing lost: a
// phone updates the app with weeks of unsynced work on it.
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
      upgraded.close();
    });
  }

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
