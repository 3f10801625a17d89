import { API_PREFIX } from '../core/protocol';
import type { AsharDb } from '../db/database';
import { setMeta } from '../db/meta';

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
    await setMeta(db, 'serverConfig', { tileUrl: body.tileUrl, tileAttribution: body.tileAttribution });
  } catch {
    // Offline: keep what was known.
  }
}
