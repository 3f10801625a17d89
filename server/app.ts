import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { join, resolve } from 'node:path';
import { API_PREFIX, MAX_SYNC_BODY_BYTES } from '../src/core/protocol';
import { LoginThrottle } from './auth';
import { ApiFailure, sendFailure } from './errors';
import { registerAdminRoutes } from './routes/admin';
import { authenticate, registerAuthRoutes } from './routes/auth';
import { registerBlobRoutes } from './routes/blobs';
import { registerSyncRoutes } from './routes/sync';
import type { Storage, UserRecord } from './storage/types';

export interface AppOptions {
  storage: Storage;
  /** The built app to serve; omitted in API-only tests. */
  distDir?: string;
  blobDir: string;
  version: string;
  now?: () => number;
  logger?: boolean;
}

export interface AppContext {
  storage: Storage;
  blobDir: string;
  version: string;
  now: () => number;
  throttle: LoginThrottle;
  /** The signed-in user of a request, or a 401. */
  requireUser: (request: FastifyRequest) => { user: UserRecord; tokenId: string };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_SYNC_BODY_BYTES,
    trustProxy: false,
  });

  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    requestEncodings: ['gzip'],
    zlibOptions: { level: 6 },
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_LGWIN]: 22 } },
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ApiFailure) return sendFailure(reply, error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const code = (error as { code?: string }).code;
    if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendFailure(reply, new ApiFailure(413, 'too_large', 'The request body is too large.'));
    if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendFailure(reply, new ApiFailure(415, 'wrong_type', 'Send JSON (application/json).'));
    if (status >= 400 && status < 500) return sendFailure(reply, new ApiFailure(400, 'bad_request', 'The request could not be read.'));
    app.log.error(error);
    return sendFailure(reply, new ApiFailure(500, 'server_error', 'Something went wrong on the server.'));
  });

  const context: AppContext = {
    storage: options.storage,
    blobDir: options.blobDir,
    version: options.version,
    now,
    throttle: new LoginThrottle(),
    requireUser: (request) => authenticate(context, request),
  };

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (request.url.startsWith(API_PREFIX)) reply.header('Cache-Control', 'no-store');
  });

  await app.register(
    async (api) => {
      api.get('/health', async () => ({ status: 'ok', version: context.version, time: new Date(now()).toISOString() }));
      registerAuthRoutes(api, context);
      registerAdminRoutes(api, context);
      registerSyncRoutes(api, context);
      registerBlobRoutes(api, context);
      api.setNotFoundHandler((_request, reply) => sendFailure(reply, new ApiFailure(404, 'not_found', 'No such API route.')));
    },
    { prefix: API_PREFIX },
  );

  if (options.distDir && existsSync(join(options.distDir, 'index.html'))) {
    const root = resolve(options.distDir);
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      setHeaders: (response, path) => {
        const immutable = path.includes(`${join(root, 'assets')}`);
        response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        response.setHeader(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        );
      },
    });
    // Every page address is the app: the router in the browser decides what to show.
    app.setNotFoundHandler((request, reply) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || request.url.startsWith(API_PREFIX)) {
        return sendFailure(reply, new ApiFailure(404, 'not_found', 'Not found.'));
      }
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
