import i18next from 'i18next';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { db } from '../../src/db/instance';
import { startI18n } from '../../src/i18n/setup';

/**
 * What every screen test starts from: the screens in English, and an empty phone database before
 * each test. Call it at the top of the file; a file's own `beforeEach` (a community chosen, …)
 * comes after it and runs after it.
 */
export function freshPhoneInEnglish(): void {
  beforeAll(async () => {
    await startI18n('en');
  });
  afterAll(async () => {
    await i18next.changeLanguage('en');
  });
  beforeEach(async () => {
    await db.delete();
    await db.open();
  });
}
