import { connect, createServer, type Socket } from 'node:net';

/** The rural-3G model of `bench/sync.ts`: 300 ms round trip, 50 kB/s down, 25 kB/s up. */
export const RURAL_3G = { rttMs: 300, downBytesPerSecond: 50_000, upBytesPerSecond: 25_000 } as const;

export interface LinkModel {
  rttMs: number;
  downBytesPerSecond: number;
  upBytesPerSecond: number;
}

export interface ThrottledLink {
  /** The server's address as the phone sees it, through the slow link. */
  url: string;
  /** Bytes the phone received so far, headers included. */
  bytesDown(): number;
  close(): Promise<void>;
}

// Chunks are cut this small so that the connections sharing the link take turns, as packets do.
const PIECE_BYTES = 4096;

/**
 * A TCP relay in front of a server that behaves like one slow mobile link: every byte waits its
 * turn on a link shared by all connections (one radio, one phone) and then half a round trip.
 * Chromium's own throttling (CDP `Network.emulateNetworkConditions`) slows the page but not the
 * service worker's downloads, which are what this models; the relay slows both alike.
 */
export async function startThrottledLink(serverUrl: string, model: LinkModel = RURAL_3G): Promise<ThrottledLink> {
  const target = new URL(serverUrl);
  const down = new SharedLink(model.downBytesPerSecond, model.rttMs / 2);
  const up = new SharedLink(model.upBytesPerSecond, model.rttMs / 2);
  const sockets = new Set<Socket>();
  let received = 0;
  const relay = createServer((phone) => {
    const server = connect(Number(target.port), target.hostname);
    sockets.add(phone).add(server);
    const toServer = new Delivery(server);
    const toPhone = new Delivery(phone);
    phone.on('data', (chunk: Buffer) => up.send(chunk, toServer));
    server.on('data', (chunk: Buffer) => {
      received += chunk.length;
      down.send(chunk, toPhone);
    });
    phone.on('end', () => up.end(toServer));
    server.on('end', () => down.end(toPhone));
    const drop = () => {
      phone.destroy();
      server.destroy();
      sockets.delete(phone);
      sockets.delete(server);
    };
    phone.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    bytesDown: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}

/** One direction of the link: bytes leave one after another at its speed, then travel `delayMs`. */
class SharedLink {
  private freeAt = 0;
  constructor(
    private readonly bytesPerSecond: number,
    private readonly delayMs: number,
  ) {}

  send(chunk: Buffer, delivery: Delivery): void {
    for (let start = 0; start < chunk.length; start += PIECE_BYTES) {
      const piece = chunk.subarray(start, start + PIECE_BYTES);
      this.freeAt = Math.max(performance.now(), this.freeAt) + (piece.length / this.bytesPerSecond) * 1000;
      delivery.push(this.freeAt + this.delayMs, piece);
    }
  }

  /** The sender closed its side: the other end learns it after the last byte arrived. */
  end(delivery: Delivery): void {
    delivery.push(Math.max(performance.now(), this.freeAt) + this.delayMs, null);
  }
}

/** Hands pieces to one socket in the order they were sent, each at its arrival time. */
class Delivery {
  private readonly queue: { at: number; piece: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly socket: Socket) {}

  push(at: number, piece: Buffer | null): void {
    this.queue.push({ at, piece });
    if (this.timer === null) this.schedule();
  }

  private schedule(): void {
    const next = this.queue[0];
    if (!next) return;
    this.timer = setTimeout(() => this.deliverDue(), Math.max(0, next.at - performance.now()));
  }

  private deliverDue(): void {
    this.timer = null;
    while (this.queue.length > 0 && this.queue[0]!.at <= performance.now()) {
      const { piece } = this.queue.shift()!;
      if (this.socket.destroyed) return;
      if (piece === null) this.socket.end();
      else this.socket.write(piece);
    }
    this.schedule();
  }
}
