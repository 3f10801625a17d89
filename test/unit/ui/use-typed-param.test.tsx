import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { useTypedParam } from '../../../src/ui/use-typed-param';

function Search() {
  const [text, setText] = useTypedParam();
  return <input aria-label="search" value={text} onChange={(event) => setText(event.target.value)} />;
}

/** A list screen with a search box, and a result screen whose code arrives when `arrive` is called. */
function phoneRouter() {
  let arrive: () => void = () => undefined;
  const code = new Promise<void>((resolve) => (arrive = resolve));
  const router = createMemoryRouter(
    [
      { path: '/', element: <Search /> },
      {
        path: '/result',
        lazy: async () => {
          await code;
          return { Component: () => <h1>result</h1> };
        },
      },
    ],
    { initialEntries: ['/'] },
  );
  return { router, arrive };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a search kept in the address', () => {
  it('follows what is typed a moment later, replacing the entry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { router } = phoneRouter();
    render(<RouterProvider router={router} />);
    fireEvent.change(screen.getByLabelText('search'), { target: { value: 'water' } });
    expect(router.state.location.search).toBe('');
    await act(async () => vi.advanceTimersByTime(400));
    expect(router.state.location.search).toBe('?q=water');
    expect(router.state.historyAction).toBe('REPLACE');
  });

  it('never cancels a tap on a result made just before the address was due, before the screen heard of it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { router, arrive } = phoneRouter();
    render(<RouterProvider router={router} />);
    fireEvent.change(screen.getByLabelText('search'), { target: { value: 'water' } });
    // The tap: the router starts loading the result's code; React has not rendered that yet when
    // the address's timer fires.
    void router.navigate('/result');
    vi.advanceTimersByTime(400);
    vi.useRealTimers();
    arrive();
    await waitFor(() => expect(router.state.location.pathname).toBe('/result'));
    expect(await screen.findByRole('heading', { name: 'result' })).toBeTruthy();
  });
});
