import type { FastifyInstance } from 'fastify';
import { syncRequestSchema } from '../../src/core/protocol';
import type { AppContext } from '../app';
import { runSync } from '../sync-service';
import { parseBody } from '../validate';

export function registerSyncRoutes(api: FastifyInstance, context: AppContext): void {
  api.post('/sync', async (request) => {
    const { user } = await context.requireUser(request);
    const body = parseBody(syncRequestSchema, request.body);
    return runSync({ storage: context.storage, user, clientId: body.clientId, now: context.now }, body.changes, body.cursor);
  });
}
