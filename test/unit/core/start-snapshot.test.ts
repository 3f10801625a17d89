import { describe, expect, it } from 'vitest';
import { isStartAddress, pageWithSnapshot, SNAPSHOT_ID } from '../../../src/core/start-snapshot';
import { indexPage } from './index-page';

const INDEX = indexPage('<link rel="modulepreload" crossorigin href="/assets/start-AbC123.js">');

const snapshot = { html: '<main class="main"><h1>Китепкана</h1></main>', build: '/assets/start-AbC123.js', lang: 'ru' };

describe('the start snapshot in the page', () => {
  it('goes before the app, whose root is hidden until it takes the place, in the language it was drawn in', () => {
    const page = pageWithSnapshot(INDEX, snapshot)!;
    expect(page).toContain(
      `<div id="${SNAPSHOT_ID}" data-snapshot="library" aria-hidden="true"><main class="main"><h1>Китепкана</h1></main></div><div id="root" hidden>`,
    );
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('<div class="boot-splash"></div>');
    expect(page.match(/id="root"/g)).toHaveLength(1);
  });

  it('is left out of a page of another build, or one without the app', () => {
    expect(pageWithSnapshot(INDEX, { ...snapshot, build: '/assets/start-Other9.js' })).toBeNull();
    expect(pageWithSnapshot(INDEX, { ...snapshot, build: '' })).toBeNull();
    expect(pageWithSnapshot(INDEX.replace('<div id="root">', '<div id="app">'), snapshot)).toBeNull();
  });

  it('takes its markup as it is (no replacement patterns) and no language that is not one', () => {
    const page = pageWithSnapshot(INDEX, { ...snapshot, html: '<p>$& $1 $$</p>', lang: '"><script>' })!;
    expect(page).toContain('<p>$& $1 $$</p>');
    expect(page).toContain('<html lang="ky">');
  });

  it('is for the addresses a start from the home screen opens', () => {
    const at = (address: string) => isStartAddress(new URL(address, 'https://ashar.example'));
    expect(at('/')).toBe(true);
    expect(at('/library')).toBe(true);
    expect(at('/library?q=суу')).toBe(false);
    expect(at('/library/123')).toBe(false);
    expect(at('/settings')).toBe(false);
    expect(at('/#main')).toBe(false);
  });
});
