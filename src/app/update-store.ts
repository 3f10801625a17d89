import { create } from 'zustand';

interface UpdateState {
  /** A new version is installed and waiting; calling `apply` activates it and reloads. */
  apply: (() => Promise<void>) | null;
  setWaiting: (apply: () => Promise<void>) => void;
  /** The version offered was applied elsewhere (another tab) and this tab already runs it. */
  clearWaiting: () => void;
}

export const useUpdateStore = create<UpdateState>((set) => ({
  apply: null,
  setWaiting: (apply) => set({ apply }),
  clearWaiting: () => set({ apply: null }),
}));
