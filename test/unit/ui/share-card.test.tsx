import { render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCommunity, ensureAdminUnits } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { startI18n, switchLanguage } from '../../../src/i18n/setup';
import { saveSession } from '../../../src/sync/session';
import { ShareCard } from '../../../src/ui/share-card';
import { communityNames } from '../../../src/ui/use-communities';

// Several communities in the country share a name (Кара-Суу); a share must reach the one meant.

const name = (text: string) => ({ ky: text, ru: text, en: text });

beforeAll(async () => {
  await startI18n('ru');
});
afterAll(async () => {
  await switchLanguage('en');
});
beforeEach(async () => {
  await db.delete();
  await db.open();
  await ensureAdminUnits(db);
});

describe('choosing a community', () => {
  it('names a community with its rayon only when another has the same name', async () => {
    const units = await db.adminUnits.toArray();
    const communities = [
      { id: 'a', name: name('Кара-Суу'), rayonCode: '41703225000000', code: null, createdAt: '', updatedAt: '' },
      { id: 'b', name: name('Кара-Суу'), rayonCode: '41705214000000', code: null, createdAt: '', updatedAt: '' },
      { id: 'c', name: name('Ак-Жол'), rayonCode: '41705214000000', code: null, createdAt: '', updatedAt: '' },
    ];
    const names = communityNames(communities, 'ru', units);
    const rayon = (code: string) => units.find((unit) => unit.code === code)!.name.ru;
    expect(names.choice('a')).toBe(`Кара-Суу (${rayon('41703225000000')})`);
    expect(names.choice('b')).toBe(`Кара-Суу (${rayon('41705214000000')})`);
    expect(names.choice('c')).toBe('Ак-Жол');
    expect(names.name('a')).toBe('Кара-Суу');
    expect(names.list.map((community) => community.id)).toEqual(['c', ...[`a`, 'b'].sort((x, y) => names.choice(x).localeCompare(names.choice(y), 'ru'))]);
  });

  it('offers same-named communities in the share card told apart by their rayon', async () => {
    const own = await addCommunity(db, { name: name('Ак-Жол'), rayonCode: '41705214000000' });
    const nookat = await addCommunity(db, { name: name('Кара-Суу'), rayonCode: '41703225000000' });
    await addCommunity(db, { name: name('Кара-Суу'), rayonCode: '41705214000000' });
    await saveSession(db, { token: 't', user: { id: 'u', username: 's', displayName: 'S', role: 'staff', communityIds: [own] }, expired: false });
    render(<ShareCard collection="assets" record={{ id: 'r', communityId: own, sharedWith: [] }} />);
    const picker = await screen.findByRole('combobox');
    const labels = within(picker)
      .getAllByRole('option')
      .map((option) => option.textContent);
    const toktogul = (await db.adminUnits.get('41703225000000'))!.name.ru;
    expect(labels).toContain(`Кара-Суу (${toktogul})`);
    expect(labels.filter((label) => label?.startsWith('Кара-Суу ('))).toHaveLength(2);
    expect(labels).not.toContain('Ак-Жол');
    expect(within(picker).getByRole('option', { name: `Кара-Суу (${toktogul})` })).toHaveAttribute('value', nookat);
  });
});
