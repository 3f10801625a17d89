import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { newId } from '../../src/core/ids';
import { isWellFormedText } from '../../src/core/text';
import type { AppContext } from '../app';
import { decoyHash, hashToken, newToken, verifyPassword } from '../auth';
import { ApiFailure } from '../errors';
import type { UserRecord } from '../storage/types';
import { parseBody } from '../validate';

/** Tokens last a year from their last use: phones stay offline for weeks, sometimes months. */
const TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

// Lone surrogates and NUL are refused like everywhere else: a lone surrogate in a password is hashed
// as U+FFFD, so "\ud800" and "\udc00" would be the same password.
const wellFormed = v.check((s: string) => isWellFormedText(s), 'malformed_text');
const loginSchema = v.strictObject({
  username: v.pipe(v.string(), v.minLength(1, 'required'), v.maxLength(100, 'too_long'), wellFormed),
  password: v.pipe(v.string(), v.minLength(1, 'required'), v.maxLength(1000, 'too_long'), wellFormed),
  deviceName: v.optional(v.pipe(v.string(), v.maxLength(100, 'too_long'), wellFormed)),
});

export function publicUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    communityIds: user.communityIds,
    /** What they do in local government (a circle of practice), shown on their posts. */
    position: user.position ?? null,
  };
}

export async function authenticate(context: AppContext, request: FastifyRequest): Promise<{ user: UserRecord; tokenId: string }> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
  if (!match) throw new ApiFailure(401, 'unauthorized', 'Sign in first.');
  const token = await context.storage.tokenByHash(hashToken(match[1]!));
  const now = context.now();
  if (!token || token.revokedAt !== null || Date.parse(token.expiresAt) < now) {
    throw new ApiFailure(401, 'unauthorized', 'Your sign-in has ended. Sign in again.');
  }
  const user = await context.storage.userById(token.userId);
  if (!user || user.disabled) throw new ApiFailure(401, 'unauthorized', 'Your sign-in has ended. Sign in again.');
  await context.storage.touchToken(token.id, new Date(now).toISOString(), new Date(now + TOKEN_LIFETIME_MS).toISOString());
  return { user, tokenId: token.id };
}

export function registerAuthRoutes(api: FastifyInstance, context: AppContext): void {
  api.post('/auth/login', async (request, reply) => {
    const body = parseBody(loginSchema, request.body);
    const now = context.now();
    const keys = [`user:${body.username.toLowerCase()}`, `ip:${request.ip}`];
    const { wait, attempt } = await context.throttle.begin(keys, now);
    if (wait > 0) throw new ApiFailure(429, 'too_many_attempts', 'Too many failed sign-ins. Try again later.', undefined, wait);
    let user: UserRecord | null;
    let valid = false;
    try {
      user = await context.storage.userByName(body.username);
      // An unknown name or a disabled account costs the same scrypt as a real one.
      const usable = user !== null && !user.disabled;
      const matches = await verifyPassword(body.password, usable && user ? user.passwordHash : await decoyHash());
      valid = usable && matches;
    } finally {
      await context.throttle.end(attempt, keys, now, valid);
    }
    if (!valid || !user) throw new ApiFailure(401, 'bad_credentials', 'Wrong user name or password.');
    const { token, tokenHash } = newToken();
    const createdAt = new Date(now).toISOString();
    await context.storage.createToken({
      id: newId(),
      userId: user.id,
      tokenHash,
      deviceName: body.deviceName ?? '',
      createdAt,
      expiresAt: new Date(now + TOKEN_LIFETIME_MS).toISOString(),
      revokedAt: null,
    });
    return reply.status(200).send({ token, user: publicUser(user) });
  });

  api.post('/auth/logout', async (request, reply) => {
    const { tokenId } = await context.requireUser(request);
    await context.storage.revokeToken(tokenId, new Date(context.now()).toISOString());
    return reply.status(204).send();
  });

  api.get('/me', async (request) => publicUser((await context.requireUser(request)).user));
}
