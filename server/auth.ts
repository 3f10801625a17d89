import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

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
 * Counts failed sign-ins per user name and per address. After `limit` failures within the window
 * the next attempt is refused until the oldest failure ages out. In memory: with several server
 * instances, put this in the shared database instead.
 *
 * An attempt counts from the moment it starts (`begin`), not when its slow password check ends:
 * otherwise a hundred guesses sent at once would all pass the check before the first failure was
 * counted. A success forgives the user name its failures, never the address: one right password
 * (the guesser's own account) must not clear fifty wrong ones for other names.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly pending = new Map<string, number>();

  /**
   * Keys starting with "ip:" get a larger allowance than user names: a whole village office may
   * share one address, while one account is what a guesser attacks.
   */
  constructor(
    private readonly userLimit = 5,
    private readonly addressLimit = 50,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /**
   * Seconds to wait before trying again, or 0 when an attempt may start now. Attempts still being
   * checked count too; when only they are in the way, the answer is known within a second.
   */
  retryAfter(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      const limit = key.startsWith('ip:') ? this.addressLimit : this.userLimit;
      if (recent.length >= limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
      else if (recent.length + (this.pending.get(key) ?? 0) >= limit) wait = Math.max(wait, 1);
    }
    return wait;
  }

  /** Starts an attempt when allowed (returns 0); `end` must follow, whatever happens. */
  begin(keys: string[], now: number): number {
    const wait = this.retryAfter(keys, now);
    if (wait === 0) for (const key of keys) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    return wait;
  }

  end(keys: string[], now: number, succeeded: boolean): void {
    for (const key of keys) {
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
      if (!succeeded) this.failures.set(key, [...this.recent(key, now), now]);
      else if (!key.startsWith('ip:')) this.failures.delete(key);
    }
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
  }
}
