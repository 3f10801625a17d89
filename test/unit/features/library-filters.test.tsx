import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminUnits, addCommunity } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { saveCurrentCommunityId } from '../../../src/db/settings';
import { LibraryScreen } from '../../../src/features/library/library-screen';
import { freshPhoneInEnglish } from '../fresh-phone';

freshPhoneInEnglish();
beforeEach(async () => {
  await ensureAdminUnits(db);
  const communityId = await addCommunity(db, { name: { ky: 'Ак-Татыр', ru: '', en: 'Ak-Tatyr' }, rayonCode: '41705214000000' });
  await saveCurrentCommunityId(db, communityId);
});

describe('the library filters', () => {
  it('draw their choices only once opened, and a choice narrows the address', async () => {
    const router = createMemoryRouter([{ path: '/library', element: <LibraryScreen /> }], { initialEntries: ['/library'] });
    render(<RouterProvider router={router} />);
    const summary = await screen.findByText('Filters');
    expect(screen.queryByLabelText('Topic')).toBeNull();
    await userEvent.click(summary);
    const topic = await screen.findByLabelText('Topic');
    await userEvent.selectOptions(topic, 'public_finance');
    await waitFor(() => expect(router.state.location.search).toBe('?topic=public_finance'));
    // Still open, with the choice shown and the way to clear it.
    expect(screen.getByLabelText('Topic')).toHaveProperty('value', 'public_finance');
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeTruthy();
  });

  it('are open with their choices when the address already filters', async () => {
    const router = createMemoryRouter([{ path: '/library', element: <LibraryScreen /> }], { initialEntries: ['/library?topic=public_finance'] });
    render(<RouterProvider router={router} />);
    expect(((await screen.findByLabelText('Topic')) as HTMLSelectElement).value).toBe('public_finance');
  });
});
