import { existsSync } from 'node:fs';
import { describeDatabase, type DatabaseSettings } from './config';
import { openStorage } from './storage/open-storage';
import type { Storage } from './storage/types';

// For the command-line tools (`npm run admin`, `npm run seed:demo`), which open the server's
// database directly. Run with another ASHAR_DATA_DIR than the server's, they would quietly make a
// new empty SQLite database that the server never reads: so they say which database they opened,
// and create a SQLite file only when asked to. A PostgreSQL database (ASHAR_DATABASE_URL) is made
// by its operator, never by these tools.

export class NoDatabaseError extends Error {}

export async function openToolDatabase(settings: DatabaseSettings, options: { create: boolean; say?: (line: string) => void }): Promise<Storage> {
  const say = options.say ?? ((line: string) => console.error(line));
  const existed = settings.kind === 'postgres' || existsSync(settings.file);
  if (!existed && !options.create) {
    throw new NoDatabaseError(
      `There is no database at ${describeDatabase(settings)}.\n` +
        `Run this with the same ASHAR_DATA_DIR as the server (now ${process.env.ASHAR_DATA_DIR === undefined ? 'not set, so ./data' : `"${process.env.ASHAR_DATA_DIR}"`}), ` +
        'or start the server once first.\nTo create a new, empty database at this path, add --create.',
    );
  }
  const storage = await openStorage(settings);
  say(`Database: ${describeDatabase(settings)}${existed ? '' : ' (new, created now)'}`);
  return storage;
}
