import { useCallback, useEffect, useState } from 'react';
import { readStorageStatus, type StorageStatus } from '../../db/storage';

/**
 * The browser's storage figures, read again whenever `trigger` moves (e.g. the number of waiting
 * changes) or when `refresh` is called (after asking for persistence).
 */
export function useStorageStatus(trigger: unknown): { status: StorageStatus | null; refresh: () => void } {
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let cancelled = false;
    void readStorageStatus().then((next) => {
      if (!cancelled) setStatus(next);
    });
    return () => {
      cancelled = true;
    };
  }, [trigger, round]);
  const refresh = useCallback(() => setRound((value) => value + 1), []);
  return { status, refresh };
}
