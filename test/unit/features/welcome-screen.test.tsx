import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { addCommunity, ensureAdminUnits } from '../../../src/db/gazetteer';
import { db } from '../../../src/db/instance';
import { saveCurrentCommunityId } from '../../../src/db/settings';
import { WelcomeScreen } from '../../../src/features/communities/welcome-screen';
import { loadCurrentCommunity, storageLostAt } from '../../../src/ui/use-app-data';
import { freshPhoneInEnglish } from '../fresh-phone';

freshPhoneInEnglish();

const RAYON = '41705214000000';

beforeEach(async () => {
  localStorage.clear();
  await ensureAdminUnits(db);
});

function renderWelcome() {
  render(
    <RouterProvider
      router={createMemoryRouter(
        [
          { path: '/welcome', element: <WelcomeScreen /> },
          { path: '/library', element: <p>library</p> },
        ],
        { initialEntries: ['/welcome'] },
      )}
    />,
  );
}

/** What the browser does to a database it finds damaged: deletes it, and the app opens an empty one. */
async function browserDeletesTheDatabase() {
  await db.delete();
  await db.open();
  await ensureAdminUnits(db);
}

describe('the welcome screen on a phone whose database was emptied under the app', () => {
  it('says the data was lost and how to get it back, and forgets it once a community is chosen again', async () => {
    await saveCurrentCommunityId(db, await addCommunity(db, { name: { ky: 'Ак-Жол', ru: 'Ак-Жол', en: 'Ak-Zhol' }, rayonCode: RAYON }));
    expect(await loadCurrentCommunity()).not.toBeNull();
    expect(storageLostAt()).toBeNull();

    await browserDeletesTheDatabase();
    expect(await loadCurrentCommunity()).toBeNull();
    expect(storageLostAt()).not.toBeNull();
    // Said again at the next start, not only at the first one after the loss.
    expect(await loadCurrentCommunity()).toBeNull();
    expect(storageLostAt()).not.toBeNull();

    renderWelcome();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Ashar's data on this phone was lost");
    expect(alert).toHaveTextContent('Records sent to the server come back when you sign in');
    expect(screen.getByRole('link', { name: /sign in/i })).toBeInTheDocument();

    // Chosen again (by hand, by signing in or from a backup file): the notice is done.
    await saveCurrentCommunityId(db, await addCommunity(db, { name: { ky: 'Ак-Жол', ru: 'Ак-Жол', en: 'Ak-Zhol' }, rayonCode: RAYON }));
    expect(await loadCurrentCommunity()).not.toBeNull();
    expect(storageLostAt()).toBeNull();
  });

  it('says nothing of the kind on a phone that never had a community', async () => {
    expect(await loadCurrentCommunity()).toBeNull();
    expect(storageLostAt()).toBeNull();
    renderWelcome();
    expect(await screen.findByRole('heading', { name: 'Welcome to Ashar' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
