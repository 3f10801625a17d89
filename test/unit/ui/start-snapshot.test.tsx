import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_CACHE, SNAPSHOT_ID, SNAPSHOT_KEY } from '../../../src/core/start-snapshot';
import { AsharDb } from '../../../src/db/database';
import { readStartSnapshot, writeStartSnapshot } from '../../../src/db/start-snapshot';
import { dropUnfitFirstVisit, followSnapshotTaps, holdSnapshotTaps, revealApp } from '../../../src/ui/snapshot-handover';
import { snapshotOf, useStartSnapshot, watchStartSnapshot } from '../../../src/ui/start-snapshot';

/** Cache Storage as the browser has it, in memory (jsdom has none). */
class MemoryCaches {
  readonly stores = new Map<string, Map<string, Response>>();
  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>();
    this.stores.set(name, store);
    return {
      put: async (key: string, response: Response) => void store.set(key, response),
      match: async (key: string) => store.get(key)?.clone(),
    };
  }
  async match(key: string, { cacheName }: { cacheName: string }) {
    return this.stores.get(cacheName)?.get(key)?.clone();
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
}

let caches: MemoryCaches;
beforeEach(() => {
  caches = new MemoryCaches();
  vi.stubGlobal('caches', caches);
  document.body.replaceChildren();
  history.replaceState(null, '', '/library');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The page as the service worker sends it with a snapshot: the snapshot, then the app's hidden root. */
function pageWithSnapshot(): { snapshot: HTMLElement; root: HTMLElement } {
  document.body.innerHTML = `<div id="${SNAPSHOT_ID}" aria-hidden="true"><a class="record-link" href="/library/abc">A case</a><button type="button">More</button><div class="search-box"><input type="search" readonly></div></div><div id="root" hidden><div class="search-box"><input type="search"></div></div>`;
  return { snapshot: document.getElementById(SNAPSHOT_ID)!, root: document.getElementById('root')! };
}

describe('a snapshot of the library', () => {
  it('leaves out what is of the moment, the ids the app under it has too and what is below the first screenful, and makes fields read-only', () => {
    const root = document.createElement('div');
    const items = Array.from({ length: 9 }, (_, i) => `<li id="x${i}">${i}</li>`).join('');
    root.innerHTML = `<p class="offline-strip" data-no-snapshot="">Offline</p><main id="main"><label for="q">Search</label><input id="q" value=""><ul class="record-list">${items}</ul></main><div class="update-banner" data-no-snapshot=""><button>Update</button></div>`;
    const markup = snapshotOf(root);
    // Of a list, what a phone's screen shows of it.
    expect(markup).toBe(
      '<main><label>Search</label><input value="" readonly=""><ul class="record-list"><li>0</li><li>1</li><li>2</li><li>3</li><li>4</li><li>5</li></ul></main>',
    );
    // The page on screen is not touched.
    expect(root.querySelector('#main')).not.toBeNull();
    expect(root.querySelectorAll('[data-no-snapshot]')).toHaveLength(2);
  });
});

describe('taps on the snapshot', () => {
  it('are kept until the app can follow them, then followed by it, not loaded as a new page', () => {
    const { snapshot } = pageWithSnapshot();
    holdSnapshotTaps();
    const link = snapshot.querySelector('a')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    const button = new MouseEvent('click', { bubbles: true, cancelable: true });
    snapshot.querySelector('button')!.dispatchEvent(button);
    expect(button.defaultPrevented).toBe(true);

    const navigate = vi.fn();
    followSnapshotTaps(navigate);
    expect(navigate).toHaveBeenCalledExactlyOnceWith('/library/abc');
    // Once the router is there, a tap goes to it at once.
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(navigate).toHaveBeenCalledTimes(2);
    revealApp();
  });

  it('give way to the app, which keeps the search box focused', () => {
    const { snapshot, root } = pageWithSnapshot();
    snapshot.querySelector('input')!.focus();
    revealApp();
    expect(document.getElementById(SNAPSHOT_ID)).toBeNull();
    expect(root.hidden).toBe(false);
    expect(document.activeElement).toBe(root.querySelector('input'));
    // Nothing to do the second time, or on a page that had none.
    revealApp();
    expect(root.hidden).toBe(false);
  });

  it('give way to the app, with focus on the title as a screen puts it', async () => {
    const { root } = pageWithSnapshot();
    root.insertAdjacentHTML('afterbegin', '<h1 tabindex="-1">Library</h1>');
    revealApp();
    // Once the frame showing it is painted.
    await vi.waitFor(() => expect(document.activeElement).toBe(root.querySelector('h1')));
  });

  it('leave a page that had none as it is', () => {
    document.body.innerHTML = '<div id="root"><h1 tabindex="-1">Library</h1><input type="search"></div>';
    const input = document.querySelector('input')!;
    input.focus();
    revealApp();
    expect(document.activeElement).toBe(input);
  });
});

function Library({ drawn, plain, version }: { drawn: boolean; plain: boolean; version: number }) {
  useStartSnapshot(drawn, plain, version);
  return (
    <main>
      <ul className="record-list">
        <li>Case {version}</li>
      </ul>
    </main>
  );
}

/** Renders the library into the app's root (the page's body), hidden under a snapshot or not. */
function renderLibrary(props: { drawn: boolean; plain: boolean; version: number }, underSnapshot = false) {
  if (underSnapshot) pageWithSnapshot();
  const root = document.getElementById('root') ?? document.body.appendChild(Object.assign(document.createElement('div'), { id: 'root' }));
  root.replaceChildren();
  return render(<Library {...props} />, { container: root });
}

/** Runs the snapshot's wait (a second, then the idle callback, a timer in jsdom) and what it writes. */
async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(1100);
  });
  await act(async () => {
    await vi.runOnlyPendingTimersAsync();
  });
}

describe('the library keeps a snapshot', () => {
  it('of its list a moment after it is drawn, named by this build and in the page language', async () => {
    vi.useFakeTimers();
    document.documentElement.lang = 'ru';
    renderLibrary({ drawn: true, plain: true, version: 1 });
    expect(await readStartSnapshot()).toBeNull();
    await settle();
    const kept = await readStartSnapshot();
    expect(kept?.html).toBe('<main><ul class="record-list"><li>Case 1</li></ul></main>');
    expect(kept?.build).toMatch(/start-snapshot/);
    expect(kept?.lang).toBe('ru');
  });

  it('again after its list changed, and when the person leaves the app', async () => {
    vi.useFakeTimers();
    const { rerender } = renderLibrary({ drawn: true, plain: true, version: 1 });
    await settle();
    rerender(<Library drawn plain version={2} />);
    await settle();
    expect((await readStartSnapshot())?.html).toContain('Case 2');
    rerender(<Library drawn plain version={3} />);
    // Hidden before the moment has passed: taken then.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Reflect.deleteProperty(document, 'visibilityState');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect((await readStartSnapshot())?.html).toContain('Case 3');
  });

  it('not of a search, nor of a list not drawn yet, nor of another screen', async () => {
    vi.useFakeTimers();
    const { rerender } = renderLibrary({ drawn: true, plain: false, version: 1 });
    await settle();
    rerender(<Library drawn={false} plain version={1} />);
    await settle();
    history.replaceState(null, '', '/library?q=суу');
    rerender(<Library drawn plain version={2} />);
    await settle();
    expect(await readStartSnapshot()).toBeNull();
  });

  it('not while the snapshot is still shown; the drawn list takes its place', async () => {
    vi.useFakeTimers();
    const { rerender } = renderLibrary({ drawn: false, plain: true, version: 1 }, true);
    expect(document.getElementById(SNAPSHOT_ID)).not.toBeNull();
    expect(document.getElementById('root')!.hidden).toBe(true);
    await settle();
    expect(await readStartSnapshot()).toBeNull();
    rerender(<Library drawn plain version={1} />);
    expect(document.getElementById(SNAPSHOT_ID)).toBeNull();
    expect(document.getElementById('root')!.hidden).toBe(false);
    await settle();
    expect(await readStartSnapshot()).not.toBeNull();
  });
});

describe('a kept snapshot', () => {
  it('goes when case studies change on the phone', async () => {
    const db = new AsharDb(`start-snapshot-${Date.now()}`);
    await writeStartSnapshot({ html: '<main>old</main>', build: '/assets/start-x.js', lang: 'ky' });
    watchStartSnapshot(db);
    // Its first look (what is there now) changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(caches.stores.get(SNAPSHOT_CACHE)?.has(SNAPSHOT_KEY)).toBe(true);
    await db.caseStudies.put({ id: 'c1', title: 'New', status: 'published', communityId: 'x', updatedAt: '2026-01-01', _v: {}, _deleted: 0 } as never);
    await vi.waitFor(() => expect(caches.stores.has(SNAPSHOT_CACHE)).toBe(false));
    db.close();
    await db.delete();
  });
});

describe('a first visit’s welcome, sent by the server to a phone its service worker does not serve', () => {
  function firstVisitPage(lang: string): { root: HTMLElement } {
    document.documentElement.lang = lang;
    document.body.innerHTML = `<div id="${SNAPSHOT_ID}" data-snapshot="first-visit" aria-hidden="true"><h1>Welcome</h1></div><div id="root" hidden><div class="boot-splash"></div></div>`;
    return { root: document.getElementById('root')! };
  }

  it('stays on a fresh phone, which starts at the welcome screen, until the app takes its place', () => {
    const { root } = firstVisitPage('ru');
    dropUnfitFirstVisit(true, null);
    dropUnfitFirstVisit(true, 'ru');
    expect(document.getElementById(SNAPSHOT_ID)).not.toBeNull();
    expect(root.hidden).toBe(true);
  });

  it('goes at once, the splash shown, on a phone that chose a community before or another language', () => {
    for (const [startsAtWelcome, language] of [
      [false, null],
      [false, 'ru'],
      [true, 'ky'],
    ] as const) {
      const { root } = firstVisitPage('ru');
      dropUnfitFirstVisit(startsAtWelcome, language);
      expect(document.getElementById(SNAPSHOT_ID)).toBeNull();
      expect(root.hidden).toBe(false);
    }
  });

  it('leaves the library’s snapshot alone', () => {
    const { snapshot, root } = pageWithSnapshot();
    snapshot.dataset.snapshot = 'library';
    dropUnfitFirstVisit(false, 'ky');
    expect(document.getElementById(SNAPSHOT_ID)).not.toBeNull();
    expect(root.hidden).toBe(true);
  });
});
