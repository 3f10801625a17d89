import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset, newestAssets } from '../../../src/db/assets';
import { AsharDb } from '../../../src/db/database';
import { filtersFromParams, paramsFromFilters, rememberedFirstRows, rememberFirstRows, watchAssetChanges } from '../../../src/features/assets/asset-model';

let db: AsharDb;
let counter = 0;

beforeEach(async () => {
  counter += 1;
  db = new AsharDb(`asset-model-test-${counter}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('the asset list model', () => {
  it('keeps filters in the address and reads them back, refusing an unknown sort', () => {
    const filters = { category: 'natural', condition: 'poor', recordedBy: 'me', period: 'week', sort: 'name' as const };
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
    expect(paramsFromFilters({ ...filters, category: '', condition: '', recordedBy: '', period: '', sort: 'newest' }).toString()).toBe('');
    expect(filtersFromParams(new URLSearchParams('sort=<script>')).sort).toBe('newest');
  });

  it('remembers the first rows only while the app watches for writes, and forgets them at the next write', async () => {
    await createAsset(db, 'community-1', { name: 'Булак', category: 'natural', description: '' });
    const rows = await newestAssets(db, 'community-1', 12);
    // Not watched yet: nothing would say when the rows are stale, so none are kept.
    rememberFirstRows('community-1', rows);
    expect(rememberedFirstRows('community-1')).toBeUndefined();

    watchAssetChanges(db);
    rememberFirstRows('community-1', rows);
    expect(rememberedFirstRows('community-1')).toEqual(rows);
    expect(rememberedFirstRows('community-2')).toBeUndefined();

    await createAsset(db, 'community-1', { name: 'Көпүрө', category: 'physical', description: '' });
    expect(rememberedFirstRows('community-1')).toBeUndefined();
  });
});
