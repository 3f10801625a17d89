import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { isUuid, newId } from '../../src/core/ids';
import { POSITIONS } from '../../src/core/model';
import { isWellFormedText } from '../../src/core/text';
import type { AppContext } from '../app';
import { hashPassword } from '../auth';
import { createCommunity } from '../communities';
import { ApiFailure } from '../errors';
import { seesAllCommunities } from '../permissions';
import { ROLES } from '../storage/types';
import { parseBody } from '../validate';
import { publicUser } from './auth';

const name = v.pipe(
  v.string(),
  v.maxLength(200, 'too_long'),
  v.check((s) => isWellFormedText(s), 'malformed_text'),
);
const communityIds = v.pipe(
  v.array(
    v.pipe(
      v.string(),
      v.check((s) => isUuid(s), 'not_uuid'),
    ),
  ),
  v.maxLength(100, 'too_many'),
);

const communitySchema = v.strictObject({
  name: v.pipe(
    v.strictObject({ ky: v.optional(name, ''), ru: v.optional(name, ''), en: v.optional(name, '') }),
    v.check((n) => Boolean(n.ky.trim() || n.ru.trim() || n.en.trim()), 'required'),
  ),
  rayonId: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^417\d{11}$/, 'bad_rayon')))),
  code: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Z0-9]{2,20}$/, 'bad_code')))),
});

const userSchema = v.strictObject({
  username: v.pipe(v.string(), v.regex(/^[a-zA-Z0-9._-]{3,50}$/, 'bad_username')),
  password: v.pipe(
    v.string(),
    v.minLength(8, 'too_short'),
    v.maxLength(1000, 'too_long'),
    v.check((s) => isWellFormedText(s), 'malformed_text'),
  ),
  // Stored trimmed, so it must have something left after trimming.
  displayName: v.pipe(
    name,
    v.check((s) => s.trim().length > 0, 'required'),
  ),
  role: v.picklist(ROLES, 'not_in_list'),
  communityIds,
  position: v.optional(v.nullable(v.picklist(POSITIONS, 'not_in_list'))),
});

const userPatchSchema = v.strictObject({
  role: v.optional(v.picklist(ROLES, 'not_in_list')),
  communityIds: v.optional(communityIds),
  position: v.optional(v.nullable(v.picklist(POSITIONS, 'not_in_list'))),
  disabled: v.optional(v.boolean()),
});

export function registerAdminRoutes(api: FastifyInstance, context: AppContext): void {
  const requireAdmin = async (request: Parameters<AppContext['requireUser']>[0]) => {
    const { user } = await context.requireUser(request);
    if (!seesAllCommunities(user.role)) throw new ApiFailure(403, 'forbidden', 'Only coordinators and admins may do this.');
    return user;
  };
  const checkCommunities = async (ids: string[]) => {
    for (const id of ids)
      if (!(await context.storage.communityExists(id))) throw new ApiFailure(400, 'unknown_community', 'There is no such community.', 'communityIds');
  };

  api.get('/communities', async (request) => {
    await context.requireUser(request);
    return { communities: await context.storage.listCommunities() };
  });

  api.post('/communities', async (request, reply) => {
    await requireAdmin(request);
    const body = parseBody(communitySchema, request.body);
    const community = {
      id: newId(),
      name: { ky: body.name.ky.trim(), ru: body.name.ru.trim(), en: body.name.en.trim() },
      rayonId: body.rayonId ?? null,
      code: body.code ?? null,
      createdAt: new Date(context.now()).toISOString(),
    };
    const clash = await createCommunity(context.storage, community);
    if (clash) throw new ApiFailure(409, clash.code, clash.message, clash.field);
    return reply.status(201).send(community);
  });

  api.post('/users', async (request, reply) => {
    const admin = await requireAdmin(request);
    const body = parseBody(userSchema, request.body);
    if (admin.role !== 'admin' && body.role === 'admin') throw new ApiFailure(403, 'forbidden', 'Only an admin may make an admin.');
    await checkCommunities(body.communityIds);
    const user = {
      id: newId(),
      username: body.username,
      displayName: body.displayName.trim(),
      role: body.role,
      communityIds: [...new Set(body.communityIds)],
      disabled: false,
      passwordHash: await hashPassword(body.password),
      position: body.position ?? null,
    };
    // Checked and made in one transaction (after the slow password hash): two requests at once
    // cannot both take the name.
    await context.storage.transaction(async (tx) => {
      await tx.lockWrites();
      if (await tx.userByName(body.username)) throw new ApiFailure(409, 'duplicate_username', 'This user name is taken.', 'username');
      await tx.createUser(user, new Date(context.now()).toISOString());
    });
    return reply.status(201).send(publicUser(user));
  });

  api.patch<{ Params: { id: string } }>('/users/:id', async (request) => {
    const admin = await requireAdmin(request);
    const body = parseBody(userPatchSchema, request.body);
    const target = isUuid(request.params.id) ? await context.storage.userById(request.params.id) : null;
    if (!target) throw new ApiFailure(404, 'not_found', 'No such user.');
    if (admin.role !== 'admin' && (target.role === 'admin' || body.role === 'admin')) {
      throw new ApiFailure(403, 'forbidden', 'Only an admin may change admins.');
    }
    if (body.communityIds) await checkCommunities(body.communityIds);
    await context.storage.transaction(async (tx) => {
      await tx.updateUser(target.id, {
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.communityIds !== undefined ? { communityIds: [...new Set(body.communityIds)] } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.position !== undefined ? { position: body.position } : {}),
      });
      if (body.disabled) await tx.revokeUserTokens(target.id, new Date(context.now()).toISOString());
    });
    return publicUser((await context.storage.userById(target.id))!);
  });
}
