import { beforeEach, describe, expect, it } from 'vitest';
import { AsharDb } from '../../../src/db/database';
import { getMeta } from '../../../src/db/meta';
import { refreshServerConfig, type ServerConfig } from '../../../src/sync/server-config';

let phone: AsharDb;
let n = 0;
/** Every write to the meta table, by key: the map screens redraw on each one. */
let writes: string[];

beforeEach(async () => {
  n += 1;
  phone = new AsharDb(`server-config-${n}`);
  await phone.open();
  writes = [];
  phone.meta.hook('creating', (key) => void writes.push(String(key)));
  phone.meta.hook('updating', (_changes, key) => void writes.push(String(key)));
});

function answering(body: unknown, status = 200): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const TILES: ServerConfig = { tileUrl: 'https://tiles.example/{z}/{x}/{y}.png', tileAttribution: '© tiles' };

describe('the server settings kept on the phone', () => {
  it('keeps the answer, and writes again only when it changed', async () => {
    await refreshServerConfig(phone, answering(TILES));
    expect(await getMeta(phone, 'serverConfig')).toEqual(TILES);
    await refreshServerConfig(phone, answering(TILES));
    await refreshServerConfig(phone, answering({ ...TILES }));
    expect(writes).toEqual(['serverConfig']);

    await refreshServerConfig(phone, answering({ ...TILES, tileAttribution: '© other tiles' }));
    expect(writes).toEqual(['serverConfig', 'serverConfig']);
    expect(await getMeta(phone, 'serverConfig')).toEqual({ ...TILES, tileAttribution: '© other tiles' });
  });

  it('keeps what it knew when offline, on an error or on a malformed answer', async () => {
    await refreshServerConfig(phone, answering(TILES));
    await refreshServerConfig(phone, async () => {
      throw new TypeError('Failed to fetch');
    });
    await refreshServerConfig(phone, answering({ error: 'unavailable' }, 503));
    await refreshServerConfig(phone, answering({ tileUrl: 42, tileAttribution: '' }));
    expect(await getMeta(phone, 'serverConfig')).toEqual(TILES);
    expect(writes).toEqual(['serverConfig']);
  });
});
