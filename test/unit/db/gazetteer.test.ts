import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCommunitiesCsv } from '../../../src/db/community-import';
import { AsharDb } from '../../../src/db/database';
import { addCommunity, ensureAdminUnits, listCommunities } from '../../../src/db/gazetteer';

let db: AsharDb;

beforeEach(async () => {
  db = new AsharDb(`gazetteer-test-${Math.random()}`);
  await ensureAdminUnits(db);
});
afterEach(async () => {
  await db.delete();
});

const HEADER = 'ADM1_EN,ADM1_KY,ADM1_RU,ADM1_PCODE,ADM2_EN,ADM2_KY,ADM2_RU,ADM2_PCODE,ADM3_EN,ADM3_KY,ADM3_RU,ADM3_PCODE';

describe('gazetteer on the phone', () => {
  it('ships the oblasts, cities and rayons once', async () => {
    expect(await db.adminUnits.count()).toBe(49);
    await ensureAdminUnits(db);
    expect(await db.adminUnits.count()).toBe(49);
  });

  it('adds a community by hand', async () => {
    const id = await addCommunity(db, { name: { ky: 'Ак-Сай', ru: '', en: '' }, rayonCode: '41705214000000' });
    expect(await listCommunities(db)).toEqual([expect.objectContaining({ id, code: null, rayonCode: '41705214000000' })]);
  });

  it('imports a COD-AB file, skips bad rows, and updates on re-import instead of duplicating', async () => {
    const file = [
      HEADER,
      'Batken,Баткен,Баткенская,KG05,Batken,Баткен району,Баткенский район,KG05214,Ak-Sai,Ак-Сай,Ак-Сай,KG05214000001',
      'Batken,Баткен,Баткенская,KG05,Atlantis,,,KG05999,Lost,Жоголгон,Потерянный,KG05999000001',
    ].join('\n');
    const first = await importCommunitiesCsv(db, file);
    expect(first).toMatchObject({ added: 1, updated: 0, missingColumns: [] });
    expect(first.problems).toEqual([{ line: 3, reason: 'unknown_rayon', detail: 'KG05999' }]);

    const renamed = file.replace('Ak-Sai,Ак-Сай', 'Ak-Sai,Ак-Сай айыл аймагы');
    const second = await importCommunitiesCsv(db, renamed);
    expect(second).toMatchObject({ added: 0, updated: 1 });
    const communities = await listCommunities(db);
    expect(communities).toHaveLength(1);
    expect(communities[0]!.name.ky).toBe('Ак-Сай айыл аймагы');
  });

  it('refuses a file that is not an admin-3 table, importing nothing', async () => {
    const report = await importCommunitiesCsv(db, 'name,phone\nАсан,0555\n');
    expect(report.missingColumns).toContain('ADM3_PCODE');
    expect(await db.communities.count()).toBe(0);
  });
});
