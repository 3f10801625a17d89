import type { FastifyInstance } from 'fastify';
import { isHelpDesk } from '../../src/core/practice';
import { mayMentor } from '../../src/core/teams';
import type { AppContext } from '../app';
import { ApiFailure } from '../errors';

/**
 * The people the help desk may ask to answer a question, or add to a learning team as mentors: each
 * one's name, position and communities, and whether they may mentor; nothing more (no user name,
 * no role). Only the help desk reads it.
 */
export function registerPracticeRoutes(api: FastifyInstance, context: AppContext): void {
  api.get('/people', async (request) => {
    const { user } = await context.requireUser(request);
    if (!isHelpDesk(user.role)) throw new ApiFailure(403, 'forbidden', 'Only coordinators and facilitators may do this.');
    return {
      people: (await context.storage.listActiveUsers()).map((person) => ({
        id: person.id,
        displayName: person.displayName,
        position: person.position ?? null,
        communityIds: person.communityIds,
        mayMentor: mayMentor(person.role),
      })),
    };
  });
}
