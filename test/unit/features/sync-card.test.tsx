import { render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { db } from '../../../src/db/instance';
import { settingsRoutes } from '../../../src/features/settings/routes';
import { SyncCard } from '../../../src/features/settings/sync-card';
import { saveSession } from '../../../src/sync/session';
import { freshPhoneInEnglish } from '../fresh-phone';

// The sync card when the server refused some of the person's changes: what it says, and the way out.

freshPhoneInEnglish();

const refused = (changeId: string, code: string, author: string) => ({
  changeId,
  collection: 'assets' as const,
  docId: `3c9d1f0e-8b7a-4c6d-9e5f-4a3b2c1d0e9${changeId}`,
  hlc: '001764900000000:0000:phone-a',
  set: { name: 'Spring' },
  queuedAt: '2026-12-01T10:00:00.000Z',
  rejected: { code, message: 'refused' },
  author,
});

describe('changes the server refused', () => {
  it('says why, never "synced", keeps them on the phone and offers to save them to a backup file', async () => {
    await saveSession(db, { token: 't', user: { id: 'u1', username: 'aigul', displayName: 'Aigul', role: 'volunteer', communityIds: ['c1'] }, expired: false });
    await db.outbox.bulkAdd([refused('1', 'forbidden_share', 'u1'), refused('2', 'implausible_date', 'u1'), refused('3', 'forbidden_record', 'someone-else')]);
    render(<RouterProvider router={createMemoryRouter([{ path: '/settings', element: <SyncCard /> }], { initialEntries: ['/settings'] })} />);
    const notice = await screen.findByTestId('needs-attention');
    // Only this person's: another person's refused change is theirs to see.
    expect(within(notice).getByText('2 changes need attention')).toBeInTheDocument();
    expect(notice).toHaveTextContent("only staff of the record's community may share it");
    expect(notice).toHaveTextContent("a date on it is impossible (check the phone's date)");
    expect(notice).toHaveTextContent('These changes stay on this phone');
    expect(within(notice).getByRole('link', { name: 'Save to a backup file' })).toHaveAttribute('href', '/settings/backup');
    expect(screen.getByTestId('sync-state')).not.toHaveTextContent(/^Synced$/);
  });
});

describe('changes sent again after a server restore', () => {
  it('says how many wait for another phone to send back what they build on, not as needing attention', async () => {
    await saveSession(db, {
      token: 't',
      user: { id: 'u1', username: 'aigul', displayName: 'Aigul', role: 'facilitator', communityIds: ['c1'] },
      expired: false,
    });
    const { rejected: _none, ...entry } = refused('1', 'unknown_round', 'u1');
    await db.outbox.bulkAdd([
      { ...entry, recovery: true, waiting: 'unknown_round' },
      { ...entry, changeId: '2', recovery: true, waiting: 'unknown_team' },
    ]);
    render(<RouterProvider router={createMemoryRouter([{ path: '/settings', element: <SyncCard /> }], { initialEntries: ['/settings'] })} />);
    expect(await screen.findByTestId('waiting-after-restore')).toHaveTextContent('2 changes wait until other phones send back to the server');
    expect(screen.queryByTestId('needs-attention')).toBeNull();
  });
});

describe('the settings screen opened', () => {
  it('draws the sync card in its final shape at once, so nothing below it moves', async () => {
    await saveSession(db, {
      token: 't',
      user: { id: 'u7', username: 'nurlan', displayName: 'Nurlan Toktosunov', role: 'volunteer', communityIds: [] },
      expired: false,
    });
    const router = createMemoryRouter(settingsRoutes, { initialEntries: ['/settings'] });
    // The route's code and what it reads first are in before anything is drawn.
    await waitFor(() => expect(router.state.initialized).toBe(true));
    render(<RouterProvider router={router} />);
    // The very first draw, before any live query answered: the signed-in card with its buttons.
    expect(screen.getByText('Signed in as Nurlan Toktosunov')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    router.dispose();
  });
});
