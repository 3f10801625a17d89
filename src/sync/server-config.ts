import { API_PREFIX } from '../core/protocol-basics';
import type { AsharDb } from '../db/database';
import { getMeta, setMeta } from '../db/meta';

/** What the server tells every phone (`GET /api/v1/config`), kept in the meta table. */
export interface ServerConfig {
  tileUrl: string;
  tileAttribution: string;
}

/**
 * Asks the server for the settings every phone follows (the online map tiles), and keeps them so
 * the phone knows them offline too. Best effort: without a network the last answer stays.
 */
export async function refreshServerConfig(db: AsharDb, fetcher: typeof fetch = fetch): Promise<void> {
  try {
    const response = await fetcher(`${API_PREFIX}/config`, { credentials: 'omit' });
    if (!response.ok) return;
    const body = (await response.json()) as { tileUrl?: unknown; tileAttribution?: unknown };
    if (typeof body.tileUrl !== 'string' || typeof body.tileAttribution !== 'string') return;
    // Written only when it changed: screens showing a map follow this row.
    const known = await getMeta<ServerConfig>(db, 'serverConfig');
    if (known?.tileUrl === body.tileUrl && known.tileAttribution === body.tileAttribution) return;
    await setMeta(db, 'serverConfig', { tileUrl: body.tileUrl, tileAttribution: body.tileAttribution } satisfies ServerConfig);
  } catch {
    // Offline: keep what was known.
  }
}
