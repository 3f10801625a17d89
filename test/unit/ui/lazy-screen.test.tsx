import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { createMemoryRouter, Link, Outlet, RouterProvider } from 'react-router';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScreenError } from '../../../src/app/route-error';
import { startI18n } from '../../../src/i18n/setup';
import { lazyScreen } from '../../../src/ui/lazy-screen';
import { useOfflineStore } from '../../../src/ui/offline-store';

beforeAll(async () => {
  await startI18n('en');
});
afterAll(async () => {
  await i18next.changeLanguage('en');
});
beforeEach(() => {
  useOfflineStore.setState({ progress: null, sawUnfinished: false, readyNoted: false, continueDownload: () => undefined });
});

const missing = () => new TypeError('Failed to fetch dynamically imported module: http://localhost/assets/map-screen.js');
const MapScreen = () => <h1>The map</h1>;

/** The map screen's code: missing while `offline` holds, there afterwards. */
function mapCode() {
  const state = { offline: true, loads: 0 };
  const load = async () => {
    state.loads += 1;
    if (state.offline) throw missing();
    return { MapScreen };
  };
  return { state, load };
}

function app(routes: { path: string; lazy: () => Promise<{ Component: React.ComponentType }> }[]) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <>
            <nav>
              <Link to="/">Home</Link> <Link to="/map">Map</Link>
            </nav>
            <Outlet />
          </>
        ),
        children: [{ errorElement: <ScreenError />, children: [{ index: true, element: <h1>Home</h1> }, ...routes] }],
      },
    ],
    { initialEntries: ['/map'] },
  );
  render(<RouterProvider router={router} />);
}

describe('a screen whose code is not on the phone yet', () => {
  it('says it has not finished downloading, in the frame, and opens once "try again" finds the code', async () => {
    const code = mapCode();
    app([{ path: 'map', lazy: lazyScreen(code.load, (module) => module.MapScreen) }]);
    await screen.findByRole('heading', { name: 'This part has not finished downloading' });
    expect(screen.getByRole('link', { name: 'Home' })).toBeInTheDocument();

    const asked: string[] = [];
    useOfflineStore.setState({ continueDownload: () => asked.push('continue') });
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Still not downloaded.', { exact: false });
    expect(asked).toEqual(['continue']);

    code.state.offline = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { name: 'The map' });
  });

  it('asks for the code again each time the screen is opened, and when the whole app is downloaded', async () => {
    const code = mapCode();
    app([{ path: 'map', lazy: lazyScreen(code.load, (module) => module.MapScreen) }]);
    await screen.findByRole('heading', { name: 'This part has not finished downloading' });
    await userEvent.click(screen.getByRole('link', { name: 'Home' }));
    await screen.findByRole('heading', { name: 'Home' });
    const loadsBefore = code.state.loads;
    await userEvent.click(screen.getByRole('link', { name: 'Map' }));
    await screen.findByRole('heading', { name: 'This part has not finished downloading' });
    expect(code.state.loads).toBe(loadsBefore + 1);

    code.state.offline = false;
    act(() => useOfflineStore.getState().update({ type: 'offline-progress', cachedBytes: 10, totalBytes: 10, complete: true, paused: false }));
    await screen.findByRole('heading', { name: 'The map' });
  });

  it('leaves any other failure to the error screen', async () => {
    // React and React Router report the error they catch: expected here.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    app([
      {
        path: 'map',
        lazy: lazyScreen(
          async () => {
            throw new SyntaxError('Unexpected token');
          },
          () => MapScreen,
        ),
      },
    ]);
    await screen.findByRole('heading', { name: 'Something went wrong' });
  });

  it('shows "not downloaded" on the error screen too, for code a screen loads apart (the map picker in a form)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const Form = () => {
      throw missing();
    };
    app([{ path: 'map', lazy: async () => ({ Component: Form }) }]);
    await screen.findByRole('heading', { name: 'This part has not finished downloading' });
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
