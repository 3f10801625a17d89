import { create } from 'zustand';

interface UpdateState {
  /** A new version is installed and waiting; calling `apply` activates it and reloads. */
  apply: (() => Promise<void>) | null;
  offlineReady: boolean;
  setWaiting: (apply: () => Promise<void>) => void;
  setOfflineReady: () => void;
}

export const useUpdateStore = create<UpdateState>((set) => ({
  apply: null,
  offlineReady: false,
  setWaiting: (apply) => set({ apply }),
  setOfflineReady: () => set({ offlineReady: true }),
}));
