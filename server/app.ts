import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { join, resolve } from 'node:path';
import { FIRST_VISIT_DIR, languageAsked } from '../src/core/first-visit';
import { API_PREFIX, MAX_SYNC_BODY_BYTES } from '../src/core/protocol';
import { startAddress } from '../src/core/start-address';
import { LoginThrottle } from './auth';
import { ApiFailure, sendFailure } from './errors';
import { registerAdminRoutes } from './routes/admin';
import { authenticate, registerAuthRoutes } from './routes/auth';
import { registerBlobRoutes } from './routes/blobs';
import { registerPracticeRoutes } from './routes/practice';
import { registerSyncRoutes } from './routes/sync';
import type { FileStore } from './files/file-store';
import { localFileStore } from './files/local-file-store';
import type { Storage, UserRecord } from './storage/types';

/**
 * Where uploaded files are kept: a store (main.ts opens the configured one), or, for tests and
 * benchmarks, a directory to keep them in (the local store).
 */
export type FilesOption = { files: FileStore; blobDir?: never } | { blobDir: string; files?: never };

export type AppOptions = AppSettings & FilesOption;

export interface AppSettings {
  storage: Storage;
  /** The built app to serve; omitted in API-only tests. */
  distDir?: string;
  version: string;
  now?: () => number;
  logger?: boolean;
  /**
   * The online map tiles phones show when they have a connection ({z}/{x}/{y} template), or '' for
   * none. Its origin is added to the Content-Security-Policy.
   */
  tileUrl?: string;
  tileAttribution?: string;
  /** Bytes one user may upload in 24 hours (DEFAULT_UPLOAD_BYTES_PER_DAY when omitted). */
  uploadBytesPerDay?: number;
  /**
   * The proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed; none when omitted.
   * `request.ip` — the address the sign-in throttle counts and the logger prints — is then the
   * right-most address in X-Forwarded-For that is not one of them, so a phone behind a load balancer
   * is counted as itself, and an address a client wrote into the header by hand, left of that, is
   * never reached. A request from anyone else is its socket's address, its header ignored.
   */
  trustedProxies?: string[];
}

/**
 * A day's photos from a busy workshop are tens of megabytes; a phone back after months offline a few
 * hundred. A stolen or broken phone can fill at most this much of the server's disk a day.
 */
export const DEFAULT_UPLOAD_BYTES_PER_DAY = 1024 * 1024 * 1024;

export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/** The strict policy for every page, with the map tiles' origin allowed for images and fetches. */
export function contentSecurityPolicy(tileUrl: string): string {
  let tileOrigin: string;
  try {
    tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[a-z]\}/g, '0')).origin : '';
  } catch {
    tileOrigin = '';
  }
  const extra = tileOrigin ? ` ${tileOrigin}` : '';
  return `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:${extra}; connect-src 'self'${extra}; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;
}

export interface AppContext {
  storage: Storage;
  files: FileStore;
  version: string;
  now: () => number;
  throttle: LoginThrottle;
  uploadBytesPerDay: number;
  /** The signed-in user of a request, or a 401. */
  requireUser: (request: FastifyRequest) => Promise<{ user: UserRecord; tokenId: string }>;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  // Every start begins a new stretch of history: a database copied back from an older file while
  // the server was stopped is then told apart from the one phones last saw (server/cursor.ts).
  await options.storage.startEpoch(new Date(now()).toISOString(), 'start');
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_SYNC_BODY_BYTES,
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
  });

  // The API speaks JSON only (and raw files for blobs). Fastify would also read text/plain bodies,
  // which a page of any site can send without asking (no CORS preflight); docs/api.md promises 415.
  app.removeContentTypeParser('text/plain');
  // Bytes that are not UTF-8 would be decoded as U+FFFD and stored so, the text silently changed:
  // refused instead. Otherwise Fastify's own parser (which refuses __proto__ and constructor.prototype).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new ApiFailure(400, 'bad_request', 'The request is not valid UTF-8.'), undefined);
      return;
    }
    parseJson(request, text, done);
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
    if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendFailure(reply, new ApiFailure(415, 'wrong_type', 'Send JSON (application/json).'));
    if (status >= 400 && status < 500) return sendFailure(reply, new ApiFailure(400, 'bad_request', 'The request could not be read.'));
    app.log.error(error);
    return sendFailure(reply, new ApiFailure(500, 'server_error', 'Something went wrong on the server.'));
  });

  const tileUrl = options.tileUrl ?? DEFAULT_TILE_URL;
  const tileAttribution = options.tileAttribution ?? (tileUrl === DEFAULT_TILE_URL ? DEFAULT_TILE_ATTRIBUTION : '');
  const policy = contentSecurityPolicy(tileUrl);
  const context: AppContext = {
    storage: options.storage,
    files: options.files ?? localFileStore(options.blobDir),
    version: options.version,
    now,
    throttle: new LoginThrottle(options.storage),
    uploadBytesPerDay: options.uploadBytesPerDay ?? DEFAULT_UPLOAD_BYTES_PER_DAY,
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
      // What every phone needs to know about this server before signing in.
      api.get('/config', async () => ({ tileUrl, tileAttribution }));
      registerAuthRoutes(api, context);
      registerAdminRoutes(api, context);
      registerSyncRoutes(api, context);
      registerBlobRoutes(api, context);
      registerPracticeRoutes(api, context);
      api.setNotFoundHandler((_request, reply) => sendFailure(reply, new ApiFailure(404, 'not_found', 'No such API route.')));
    },
    { prefix: API_PREFIX },
  );

  if (options.distDir && existsSync(join(options.distDir, 'index.html'))) {
    const root = resolve(options.distDir);
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      // `/` is a page address like any other (below), not the file index.html.
      index: false,
      // The build writes .br and .gz copies of its files (scripts/precompress.ts): sent as they are.
      preCompressed: true,
      // Cache-Control is set below (@fastify/static's own would replace it with max-age=0).
      cacheControl: false,
      setHeaders: (response, path) => {
        const immutable = path.includes(`${join(root, 'assets')}`);
        response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        response.setHeader('Content-Security-Policy', policy);
      },
    });
    // Every page address is the app: the router in the browser decides what to show. A screen that
    // a fresh phone is sent to the welcome screen from gets the first visit's page in the language
    // its browser asks for (src/core/first-visit.ts); a phone the service worker serves never asks.
    // A route rather than the not-found handler: routes are what the compression applies to.
    app.get('/*', (request, reply) => {
      if (request.url.startsWith(API_PREFIX)) return sendFailure(reply, new ApiFailure(404, 'not_found', 'No such API route.'));
      reply.header('Cache-Control', 'no-cache').header('Vary', 'Accept-Language');
      const { needsCommunity } = startAddress(new URL(request.url, 'http://page').pathname, false);
      const firstVisit = `${FIRST_VISIT_DIR}/${languageAsked(request.headers['accept-language'])}.html`;
      // Looked for at each request (a stat): a build made while the server runs brings them.
      return reply.sendFile(needsCommunity && existsSync(join(root, firstVisit)) ? firstVisit : 'index.html');
    });
    app.setNotFoundHandler((_request, reply) => sendFailure(reply, new ApiFailure(404, 'not_found', 'Not found.')));
  }
  return app;
}
