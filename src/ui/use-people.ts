import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { db } from '../db/instance';
import { readPeople, refreshPeople } from '../sync/people';

/**
 * Whom the help desk may ask to answer (or add as a team's mentor): as last fetched on this phone, fetched again when the
 * screen opens (and kept as it was without a network). Null before the first fetch.
 */
export function usePeople(fetch: boolean) {
  useEffect(() => {
    if (fetch) void refreshPeople(db).catch(() => undefined);
  }, [fetch]);
  return useLiveQuery(() => readPeople(db), []);
}
