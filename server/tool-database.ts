import { existsSync } from 'node:fs';
import { databaseFile } from './config';
import { openSqliteStorage } from './storage/sqlite';
import type { Storage } from './storage/types';

// For the command-line tools (`npm run admin`, `npm run seed:demo`), which open the server's
// database file directly. Run with another ASHAR_DATA_DIR than the server's, they would quietly
// make a new empty database that the server never reads: so they say which file they opened, and
// create one only when asked to.

export class NoDatabaseError extends Error {}

export function openToolDatabase(dataDir: string, options: { create: boolean; say?: (line: string) => void }): Storage {
  const file = databaseFile(dataDir);
  const say = options.say ?? ((line: string) => console.error(line));
  const existed = existsSync(file);
  if (!existed && !options.create) {
    throw new NoDatabaseError(
      `There is no database at ${file}.\n` +
        `Run this with the same ASHAR_DATA_DIR as the server (now ${process.env.ASHAR_DATA_DIR === undefined ? 'not set, so ./data' : `"${process.env.ASHAR_DATA_DIR}"`}), ` +
        'or start the server once first.\nTo create a new, empty database at this path, add --create.',
    );
  }
  const storage = openSqliteStorage(file);
  say(`Database: ${file}${existed ? '' : ' (new, created now)'}`);
  return storage;
}
