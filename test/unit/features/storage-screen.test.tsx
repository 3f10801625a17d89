import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { PhotoRecord } from '../../../src/db/database';
import { db } from '../../../src/db/instance';
import { StorageScreen } from '../../../src/features/settings/storage-screen';
import { freshPhoneInEnglish } from '../fresh-phone';

freshPhoneInEnglish();

const file = (id: string, uploaded: 0 | 1, size: number): PhotoRecord => ({
  id,
  collection: 'assets',
  docId: '3c9d1f0e-8b7a-4c6d-9e5f-4a3b2c1d0e9f',
  hash: id.padEnd(64, '0'),
  mime: 'image/jpeg',
  blob: new Blob(['x']),
  size,
  createdAt: '2026-11-20T10:00:00.000Z',
  uploaded,
});

function renderScreen() {
  render(
    <RouterProvider router={createMemoryRouter([{ path: '/settings/storage', element: <StorageScreen /> }], { initialEntries: ['/settings/storage'] })} />,
  );
}

describe('freeing space on the storage screen', () => {
  it('removes only the full-size copies the server already has, and says how much was freed', async () => {
    await db.photos.bulkPut([file('a', 1, 300 * 1024), file('b', 1, 200 * 1024), file('c', 0, 250 * 1024)]);
    const user = userEvent.setup();
    renderScreen();
    expect(await screen.findByText(/the server already has: 2, 500 KB/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove copies the server has' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Removed: 2, 500 KB freed.');
    expect((await db.photos.toArray()).map((row) => row.id)).toEqual(['c']);
  });

  it('says there is nothing to remove when every file still waits to be sent', async () => {
    await db.photos.put(file('c', 0, 250 * 1024));
    renderScreen();
    expect(await screen.findByText(/Nothing to remove/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove copies the server has' })).toBeNull();
  });
});
