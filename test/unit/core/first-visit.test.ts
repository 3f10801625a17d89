import { describe, expect, it } from 'vitest';
import { firstVisitPage, languageAsked, welcomeMarkup, type WelcomeTexts } from '../../../src/core/first-visit';
import { SNAPSHOT_ID } from '../../../src/core/start-snapshot';
import { welcomeTexts } from '../../../scripts/first-visit-pages';
import { indexPage } from './index-page';

const INDEX = indexPage('<script type="module" crossorigin src="/assets/index-AbC123.js"></script>');

describe('the first visit’s page', () => {
  it('holds the top of the welcome screen in its language, before the hidden app, from the translation files', () => {
    const page = firstVisitPage(INDEX, 'ru', welcomeTexts('ru'))!;
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain(`<div id="${SNAPSHOT_ID}" data-snapshot="first-visit" aria-hidden="true"><div class="shell">`);
    expect(page).toContain('<div id="root" hidden>');
    expect(page).toContain('<h1 tabindex="-1">Добро пожаловать в Ашар</h1>');
    expect(page).toContain('<a class="button" href="/settings">');
    expect(page).toContain('<button type="button" lang="ru" class="segment segment-active" aria-pressed="true">Русский</button>');
    expect(page).toContain('<button type="button" lang="ky" class="segment" aria-pressed="false">Кыргызча</button>');
    // The download note at its start, as the app shows it before the service worker reports.
    expect(page).toContain('для работы без интернета: 0\u00a0%</p><progress max="100" value="0"');
    // No ids: the app's root under it has them.
    expect(page.replace(`id="${SNAPSHOT_ID}"`, '').replace('id="root"', '')).not.toMatch(/\sid="/);
    expect(firstVisitPage(INDEX.replace('<div id="root">', '<div id="app">'), 'ky', welcomeTexts('ky'))).toBeNull();
  });

  it('escapes what it writes', () => {
    const texts: WelcomeTexts = { ...welcomeTexts('en'), title: '<script>alert(1)</script>', downloadLabel: '"><b>' };
    const markup = welcomeMarkup('en', texts);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('aria-label="&quot;&gt;&lt;b&gt;"');
    expect(markup).not.toContain('<script>');
  });
});

describe('the language a first visit asks for', () => {
  it('is the first the app speaks, by the Accept-Language header’s preference, otherwise Kyrgyz', () => {
    expect(languageAsked('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ru');
    expect(languageAsked('de-DE,de;q=0.9,en;q=0.8,ru;q=0.5')).toBe('en');
    expect(languageAsked('en;q=0.5, ky')).toBe('ky');
    expect(languageAsked('ru;q=0, en')).toBe('en');
    expect(languageAsked('fr, *;q=0.1')).toBe('ky');
    expect(languageAsked(undefined)).toBe('ky');
    expect(languageAsked(';;,q=x,')).toBe('ky');
  });
});
