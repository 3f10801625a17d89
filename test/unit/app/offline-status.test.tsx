import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OfflineStatus } from '../../../src/app/offline-status';
import type { OfflineProgress } from '../../../src/core/precache-plan';
import { startI18n, switchLanguage } from '../../../src/i18n/setup';
import { initialProgress, useOfflineStore } from '../../../src/ui/offline-store';

beforeAll(async () => {
  await startI18n('en');
});
afterAll(async () => {
  await i18next.changeLanguage('en');
});
beforeEach(() => {
  useOfflineStore.setState({ progress: null, sawUnfinished: false, readyNoted: false });
});

const progress = (cachedBytes: number, extra: Partial<OfflineProgress> = {}): OfflineProgress => ({
  type: 'offline-progress',
  cachedBytes,
  totalBytes: 1000,
  complete: cachedBytes === 1000,
  paused: false,
  ...extra,
});
const heard = (next: OfflineProgress) => act(() => useOfflineStore.getState().update(next));

describe('offline status', () => {
  it('shows how much is downloaded, then once "ready to work without internet" until closed', async () => {
    render(<OfflineStatus />);
    expect(screen.queryByTestId('offline-progress')).toBeNull();
    heard(progress(345));
    expect(screen.getByText('Downloading the app for work without internet: 34%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Downloaded for work without internet' })).toHaveAttribute('value', '34');

    heard(progress(1000));
    expect(screen.getByRole('status')).toHaveTextContent('The app is ready to work without internet.');
    await userEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('status')).toBeNull();
    heard(progress(1000));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says from the first paint of a first visit that the app is being downloaded, and nothing on a page a worker already serves', () => {
    expect(initialProgress(undefined)).toBeNull();
    expect(initialProgress({ controller: {} } as ServiceWorkerContainer)).toBeNull();
    const first = initialProgress({ controller: null } as ServiceWorkerContainer);
    useOfflineStore.setState({ progress: first });
    render(<OfflineStatus />);
    expect(screen.getByText('Downloading the app for work without internet: 0%')).toBeInTheDocument();
    // A page that was not served by its worker (a forced reload) hears at once that all is there: no note.
    heard(progress(1000));
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByTestId('offline-progress')).toBeNull();
  });

  it('says a paused download goes on when the internet is back', () => {
    render(<OfflineStatus />);
    heard(progress(500, { paused: true }));
    expect(screen.getByText(/^Download paused \(50%\): it continues by itself when the internet is back/)).toBeInTheDocument();
  });

  it('says nothing on a phone that had everything before the page opened', () => {
    render(<OfflineStatus />);
    heard(progress(1000));
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByTestId('offline-progress')).toBeNull();
  });

  it('writes the percentage as Russian does', async () => {
    await switchLanguage('ru');
    render(<OfflineStatus />);
    heard(progress(450));
    expect(screen.getByText('Приложение загружается для работы без интернета: 45 %')).toBeInTheDocument();
  });
});
