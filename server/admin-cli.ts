// `npm run admin -- <command>`: manage communities and users directly in the database file
// (ASHAR_DATA_DIR, the same as the server's), for the first set-up or when no admin can sign in.
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { newId } from '../src/core/ids';
import { POSITIONS, type Position } from '../src/core/model';
import { hashPassword } from './auth';
import { createCommunity } from './communities';
import { databaseFile, readConfig } from './config';
import { backupDatabase, restoreDatabase } from './database-copy';
import { NoDatabaseError, openToolDatabase } from './tool-database';
import { ROLES, type Role } from './storage/types';

const USAGE = `Usage:
  npm run admin -- create-community --ky NAME [--ru NAME] [--en NAME] [--rayon COATE] [--code PCODE]
  npm run admin -- create-user --username NAME --password PASSWORD --role ${ROLES.join('|')} [--display-name TEXT] [--community ID ...] [--position ${POSITIONS.join('|')}]
  npm run admin -- list-communities
  npm run admin -- set-password --username NAME --password PASSWORD
  npm run admin -- backup FILE      (a consistent copy, safe while the server runs)
  npm run admin -- restore FILE     (stop the server first; the database it replaces is kept beside it)

The database is ASHAR_DATA_DIR/ashar.sqlite (default ./data): set ASHAR_DATA_DIR as for the server.
Every command says which file it opened, and stops if there is none there; add --create to make a
new, empty database at that path.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    ky: { type: 'string' },
    ru: { type: 'string' },
    en: { type: 'string' },
    rayon: { type: 'string' },
    code: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    community: { type: 'string', multiple: true },
    position: { type: 'string' },
    create: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function openDatabase() {
  try {
    return await openToolDatabase(readConfig().database, { create: values.create === true });
  } catch (error) {
    if (!(error instanceof NoDatabaseError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

// Backup and restore copy whole files and open no storage of their own.
if (positionals[0] === 'backup' || positionals[0] === 'restore') {
  if (readConfig().database.kind === 'postgres') {
    console.error(`backup and restore copy the SQLite file; a PostgreSQL database is backed up with pg_dump or its provider's backups (docs/deploy.md).`);
    process.exit(2);
  }
  const file = positionals[1];
  if (!file) fail(`Give the file to ${positionals[0] === 'backup' ? 'write the backup to' : 'restore from'}.`);
  const database = databaseFile(readConfig().dataDir);
  try {
    if (positionals[0] === 'backup') {
      console.error(`Database: ${database}`);
      const { bytes } = await backupDatabase(database, file);
      console.log(`Backup written to ${file} (${Math.round(bytes / 1024)} KB).`);
    } else {
      const { documents, replaced } = await restoreDatabase(file, database);
      console.error(`Database: ${database}`);
      if (replaced) console.log(`The database it replaced is kept as ${replaced}.`);
      console.log(`Restored ${documents} records from ${file}. Phones that synced after the backup was made send what it lacks again at their next sync.`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  process.exit(0);
}

const storage = await openDatabase();
try {
  switch (positionals[0]) {
    case 'create-community': {
      if (!values.ky && !values.ru && !values.en) fail('Give the name in at least one language.');
      if (values.rayon && !/^417\d{11}$/.test(values.rayon)) fail('--rayon takes a 14-digit COATE code.');
      const community = {
        id: newId(),
        name: { ky: values.ky ?? '', ru: values.ru ?? '', en: values.en ?? '' },
        rayonId: values.rayon ?? null,
        code: values.code ?? null,
        createdAt: new Date().toISOString(),
      };
      const clash = await createCommunity(storage, community);
      if (clash) fail(clash.message);
      console.log(community.id);
      break;
    }
    case 'list-communities':
      for (const community of await storage.listCommunities()) {
        console.log([community.id, community.name.ky || community.name.ru || community.name.en, community.code ?? ''].join('\t'));
      }
      break;
    case 'create-user': {
      const role = v.safeParse(v.picklist(ROLES), values.role);
      if (!values.username || !/^[a-zA-Z0-9._-]{3,50}$/.test(values.username)) fail('--username: 3–50 letters, digits, . _ -');
      if (!values.password || values.password.length < 8) fail('--password: at least 8 characters.');
      if (!role.success) fail(`--role: one of ${ROLES.join(', ')}`);
      const position = values.position === undefined ? null : v.safeParse(v.picklist(POSITIONS), values.position);
      if (position && !position.success) fail(`--position: one of ${POSITIONS.join(', ')}`);
      if (await storage.userByName(values.username)) fail(`The user name ${values.username} is taken.`);
      const communityIds = values.community ?? [];
      for (const communityId of communityIds) if (!(await storage.communityExists(communityId))) fail(`No community with id ${communityId}.`);
      const id = newId();
      await storage.createUser(
        {
          id,
          username: values.username,
          displayName: values['display-name'] ?? values.username,
          role: role.output as Role,
          communityIds,
          disabled: false,
          passwordHash: await hashPassword(values.password),
          position: position ? (position.output as Position) : null,
        },
        new Date().toISOString(),
      );
      console.log(id);
      break;
    }
    case 'set-password': {
      const user = values.username ? await storage.userByName(values.username) : null;
      if (!user) fail('No such user.');
      if (!values.password || values.password.length < 8) fail('--password: at least 8 characters.');
      await storage.setPassword(user.id, await hashPassword(values.password));
      await storage.revokeUserTokens(user.id, new Date().toISOString());
      console.log(`Password changed; ${user.username} must sign in again on every device.`);
      break;
    }
    default:
      fail(positionals[0] ? `Unknown command: ${positionals[0]}` : 'Give a command.');
  }
} finally {
  await storage.close();
}
