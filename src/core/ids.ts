// Random UUID v4 made on the device. crypto.randomUUID exists only in secure contexts, and a phone
// may open the app over plain HTTP on a village network, so this uses getRandomValues, which works
// everywhere.
interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const random = (globalThis as unknown as { crypto: RandomSource }).crypto;

export function newId(): string {
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
