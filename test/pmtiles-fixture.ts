// Builds a small PMTiles v3 archive (no compression, one directory) for tests: the app reads it with
// the pmtiles library exactly as it reads a file made by a desktop tool.

function varint(value: number, out: number[]): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** One tile at zoom 0 (tile id 0) with the given bytes; tileType 2 = PNG, 1 = vector (MVT). */
export function pmtilesArchive(tile: Uint8Array, tileType = 2): Uint8Array<ArrayBuffer> {
  const directory: number[] = [];
  varint(1, directory); // entries
  varint(0, directory); // tile id (delta)
  varint(1, directory); // run length
  varint(tile.length, directory); // length
  varint(0 + 1, directory); // offset + 1
  const metadata = new TextEncoder().encode('{}');
  const headerLength = 127;
  const rootOffset = headerLength;
  const metadataOffset = rootOffset + directory.length;
  const tileOffset = metadataOffset + metadata.length;
  const bytes = new Uint8Array(tileOffset + tile.length);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PMTiles'), 0);
  view.setUint8(7, 3);
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, tileOffset);
  u64(48, 0);
  u64(56, tileOffset);
  u64(64, tile.length);
  u64(72, 1);
  u64(80, 1);
  u64(88, 1);
  view.setUint8(96, 1); // clustered
  view.setUint8(97, 1); // internal compression: none
  view.setUint8(98, 1); // tile compression: none
  view.setUint8(99, tileType);
  view.setUint8(100, 0); // min zoom
  view.setUint8(101, 0); // max zoom
  view.setInt32(102, -180 * 1e7, true);
  view.setInt32(106, -85 * 1e7, true);
  view.setInt32(110, 180 * 1e7, true);
  view.setInt32(114, 85 * 1e7, true);
  view.setUint8(118, 0);
  view.setInt32(119, 0, true);
  view.setInt32(123, 0, true);
  bytes.set(Uint8Array.from(directory), rootOffset);
  bytes.set(metadata, metadataOffset);
  bytes.set(tile, tileOffset);
  return bytes;
}
