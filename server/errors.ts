import type { FastifyReply } from 'fastify';

/** An error with the status and the `{"error":{code,message,field}}` body the API promises. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function sendFailure(reply: FastifyReply, failure: ApiFailure): FastifyReply {
  if (failure.retryAfterSeconds !== undefined) reply.header('Retry-After', String(failure.retryAfterSeconds));
  return reply.status(failure.status).send({
    error: { code: failure.code, message: failure.message, ...(failure.field ? { field: failure.field } : {}) },
  });
}
