import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Storage } from './storage/types';

// scrypt cost: N=2^15, r=8, p=1 (≈32 MiB, tens of ms): slow for a guesser, fine for a login.
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash", so the cost can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let decoy: Promise<string> | undefined;

/**
 * A hash of no one's password, made at the same cost as real ones. Checking a sign-in for a name
 * that does not exist (or a disabled account) against it takes as long as for a real one, so the
 * time of the answer does not tell which user names exist.
 */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString('base64url'));
  return decoy;
}

/** A new bearer token: 256 random bits. Only its SHA-256 is stored. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Counts failed sign-ins per user name and per address, in the database: every server instance
 * over it counts the same attempts. After `limit` failures within the window the next attempt is
 * refused until the oldest failure ages out.
 *
 * An attempt counts from the moment it starts (`begin`), not when its slow password check ends:
 * otherwise a hundred guesses sent at once would all pass the check before the first failure was
 * counted. Checking and starting are one transaction, so that holds across instances too. An
 * attempt still "pending" after a minute (its instance stopped mid-check) no longer counts. A
 * success forgives the user name its failures, never the address: one right password (the
 * guesser's own account) must not clear fifty wrong ones for other names.
 */
export class LoginThrottle {
  /**
   * Keys starting with "ip:" get a larger allowance than user names: a whole village office may
   * share one address, while one account is what a guesser attacks.
   */
  constructor(
    private readonly storage: Storage,
    private readonly userLimit = 5,
    private readonly addressLimit = 50,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly pendingMs = 60 * 1000,
  ) {}

  /**
   * Starts an attempt when allowed: `wait` is 0 and `attempt` names it, and `end` must follow
   * whatever happens. Otherwise `wait` is the seconds to wait before trying again; attempts still
   * being checked count too, and when only they are in the way the answer is known within a second.
   */
  begin(keys: readonly string[], now: number): Promise<{ wait: number; attempt: string }> {
    return this.storage.transaction(async (tx) => {
      await tx.lockWrites();
      const rows = await tx.signInAttempts(keys, now - this.windowMs);
      let wait = 0;
      for (const key of keys) {
        const failures = rows.filter((row) => row.key === key && row.state === 'failed').map((row) => row.at);
        const pending = rows.filter((row) => row.key === key && row.state === 'pending' && row.at > now - this.pendingMs).length;
        const limit = key.startsWith('ip:') ? this.addressLimit : this.userLimit;
        if (failures.length >= limit) wait = Math.max(wait, Math.ceil((Math.min(...failures) + this.windowMs - now) / 1000));
        else if (failures.length + pending >= limit) wait = Math.max(wait, 1);
      }
      const attempt = randomBytes(12).toString('base64url');
      if (wait === 0) await tx.startSignInAttempt(attempt, keys, now);
      return { wait, attempt };
    });
  }

  end(attempt: string, keys: readonly string[], now: number, succeeded: boolean): Promise<void> {
    return this.storage.transaction(async (tx) => {
      await tx.endSignInAttempt(attempt, !succeeded);
      if (succeeded) for (const key of keys) if (!key.startsWith('ip:')) await tx.forgetSignInFailures(key);
      await tx.pruneSignInAttempts(now - this.windowMs - this.pendingMs);
    });
  }
}
