import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from './harness';
import { openRawDatabase } from './raw-database';

/**
 * Everything a request could have changed on the server: row counts and a digest of every table a
 * request writes, and the list of stored files. Token use times are left out: reading with a valid
 * token moves them on, and that is not a change anyone sees.
 */
export interface StorageSnapshot {
  users: number;
  communities: number;
  tokens: number;
  revokedTokens: number;
  docs: number;
  changes: number;
  blobFiles: string[];
  digest: string;
}

const TABLES: Record<string, string> = {
  users: 'SELECT id, username, display_name, role, password_hash, disabled FROM users ORDER BY id',
  userCommunities: 'SELECT user_id, community_id FROM user_communities ORDER BY user_id, community_id',
  communities: 'SELECT * FROM communities ORDER BY id',
  tokens: 'SELECT id, user_id, revoked_at FROM tokens ORDER BY id',
  docs: 'SELECT * FROM docs ORDER BY collection, doc_id',
  changes: 'SELECT * FROM changes ORDER BY id',
  state: 'SELECT * FROM server_state ORDER BY key',
};

function blobFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Reads the server's database through a second, read-only connection (WAL lets SQLite read alongside). */
export async function openSnapshots(server: TestServer): Promise<{ take: () => Promise<StorageSnapshot>; close: () => Promise<void> }> {
  const db = await openRawDatabase(server.dataDir, { readonly: true });
  const count = async (table: string, where = '') => Number((await db.all(`SELECT COUNT(*) AS n FROM ${table} ${where}`))[0]!.n);
  return {
    take: async () => {
      const digest = createHash('sha256');
      for (const [name, sql] of Object.entries(TABLES)) digest.update(name).update(JSON.stringify(await db.all(sql)));
      return {
        users: await count('users'),
        communities: await count('communities'),
        tokens: await count('tokens'),
        revokedTokens: await count('tokens', 'WHERE revoked_at IS NOT NULL'),
        docs: await count('docs'),
        changes: await count('changes'),
        blobFiles: blobFiles(join(server.dataDir, 'blobs')),
        digest: digest.digest('hex'),
      };
    },
    close: () => db.close(),
  };
}
