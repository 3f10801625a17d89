import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request:
 * - `pass`: forwards it and hands back the server's answer;
 * - `drop_after_commit`: forwards it, waits for the server's whole answer (so the server has
 *   committed), then cuts the phone's connection without a byte of it;
 * - `cut_answer`: the same, but the connection breaks halfway through the answer's body;
 * - `hold`: forwards it and keeps the server's answer (calling `onHeld` once it has it) until
 *   `release` settles;
 * - `answer`: never reaches the server; answers with this status, `Retry-After`, body and type.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop_after_commit' }
  | { kind: 'cut_answer' }
  | { kind: 'hold'; release: Promise<unknown>; onHeld?: () => void }
  | { kind: 'answer'; status: number; retryAfter?: string; body?: string; contentType?: string };

export interface ProxiedRequest {
  method: string;
  path: string;
  fault: Fault['kind'];
  /** The status the phone saw, or 'dropped'. */
  outcome: number | 'dropped';
}

export interface FaultProxy {
  url: string;
  /** Decides, per request, what goes wrong; everything passes unless told otherwise. */
  decide: (request: { method: string; path: string }) => Fault;
  /** Every request the proxy finished with, in the order their answers left (or were dropped). */
  log: ProxiedRequest[];
  /** A fetcher for the client engine: API paths go through the proxy. */
  fetcher: typeof fetch;
  close: () => Promise<void>;
}

// Connection-level headers describe one hop; the proxy sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A small HTTP proxy on 127.0.0.1 in front of the real server, breaking requests as the test says. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    decide: () => ({ kind: 'pass' }),
    log: [],
    fetcher: ((path: string, init?: RequestInit) => fetch(`${proxy.url}${path}`, init)) as typeof fetch,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    const fault = proxy.decide({ method, path });
    const body = await readAll(incoming);
    const record = (outcome: ProxiedRequest['outcome']) => proxy.log.push({ method, path, fault: fault.kind, outcome });
    if (fault.kind === 'answer') {
      const headers: Record<string, string> = { 'content-type': fault.contentType ?? 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      outgoing.writeHead(fault.status, headers).end(fault.body ?? '{"error":{"code":"busy","message":"Try later."}}');
      record(fault.status);
      return;
    }
    const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const sent = forward(
        // One connection per request (agent: false), closed with its answer: none is left for the
        // server to wait on when it shuts down.
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path,
          agent: false,
          headers: { ...endToEnd(incoming.headers), 'content-length': String(body.length) },
        },
        (response) => void readAll(response).then((bytes) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: bytes }), reject),
      );
      sent.on('error', reject);
      sent.end(body);
    });
    if (fault.kind === 'drop_after_commit') {
      outgoing.socket?.destroy();
      record('dropped');
      return;
    }
    if (fault.kind === 'cut_answer') {
      outgoing.writeHead(answer.status, { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) });
      outgoing.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => outgoing.socket?.destroy());
      record('dropped');
      return;
    }
    if (fault.kind === 'hold') {
      fault.onHeld?.();
      await fault.release;
    }
    outgoing.writeHead(answer.status, { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) }).end(answer.body);
    record(answer.status);
  };

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => outgoing.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
