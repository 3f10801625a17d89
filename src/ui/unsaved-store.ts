import { useEffect } from 'react';
import { create } from 'zustand';

interface UnsavedState {
  /** Keys of forms that hold input not yet saved as a record. */
  dirtyForms: ReadonlySet<string>;
  markDirty: (key: string, dirty: boolean) => void;
}

export const useUnsavedStore = create<UnsavedState>((set) => ({
  dirtyForms: new Set(),
  markDirty: (key, dirty) =>
    set((state) => {
      if (state.dirtyForms.has(key) === dirty) return state;
      const next = new Set(state.dirtyForms);
      if (dirty) next.add(key);
      else next.delete(key);
      return { dirtyForms: next };
    }),
}));

export function hasUnsavedInput(): boolean {
  return useUnsavedStore.getState().dirtyForms.size > 0;
}

/**
 * Tells the app shell that a form holds unsaved input: the update banner will not reload the page
 * meanwhile, and the browser asks before the tab is closed.
 */
export function useUnsavedGuard(key: string, dirty: boolean): void {
  const markDirty = useUnsavedStore((state) => state.markDirty);
  useEffect(() => {
    markDirty(key, dirty);
    return () => markDirty(key, false);
  }, [key, dirty, markDirty]);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}
