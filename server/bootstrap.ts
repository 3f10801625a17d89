import { randomBytes } from 'node:crypto';
import { newId } from '../src/core/ids';
import { hashPassword } from './auth';
import type { Storage } from './storage/types';

/**
 * On first start with an empty database, creates the user "admin" with ASHAR_ADMIN_PASSWORD, or a
 * generated password that is returned so it can be printed once. Several instances starting at
 * once on one empty database make one admin: the check and the insert hold the write lock.
 */
export async function ensureAdmin(storage: Storage, password = process.env.ASHAR_ADMIN_PASSWORD): Promise<string | null> {
  if ((await storage.countUsers()) > 0) return null;
  const chosen = password && password.length >= 8 ? password : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(chosen);
  const made = await storage.transaction(async (tx) => {
    await tx.lockWrites();
    if ((await tx.countUsers()) > 0) return false;
    await tx.createUser(
      { id: newId(), username: 'admin', displayName: 'Administrator', role: 'admin', communityIds: [], disabled: false, passwordHash },
      new Date().toISOString(),
    );
    return true;
  });
  if (!made) return null;
  return password === chosen ? '' : chosen;
}
