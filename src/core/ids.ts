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

/**
 * A UUID (version 8: made by the application) from a name, the same wherever it is computed. Four
 * 32-bit FNV-1a lanes with different offsets; not a secret, only a stable id: the server checks
 * that a mark or follow carries the id of its own author (so nobody can write another's), and that
 * a team's review round carries the id of its number (so two submissions of one round are one).
 */
export function derivedId(name: string): string {
  const lanes = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x27d4eb2f];
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    for (let lane = 0; lane < 4; lane += 1) lanes[lane] = Math.imul(lanes[lane]! ^ (code + lane * 0x9e37), 0x01000193) >>> 0;
  }
  // Mix each lane with the others, so that every bit of the name reaches every lane.
  for (let round = 0; round < 4; round += 1) {
    for (let lane = 0; lane < 4; lane += 1) lanes[lane] = Math.imul(lanes[lane]! ^ (lanes[(lane + 1) % 4]! >>> 15), 0x2c1b3c6d) >>> 0;
  }
  const hex = lanes.map((lane) => lane.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
