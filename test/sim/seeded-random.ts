// The random choices of a simulation, all drawn from one seed, record ids included: the same seed
// replays a run exactly. `npm test` runs each simulation with its own fixed seed; SIM_SEED=<n> runs
// another, and `npm run sim:soak` tries many, printing each so a failure can be replayed.

/** The seed to run: SIM_SEED when set, else the simulation's fixed one. */
export function simSeed(fixed: number): number {
  const given = process.env.SIM_SEED;
  if (given === undefined || given === '') return fixed;
  if (!/^\d+$/.test(given)) throw new Error(`SIM_SEED must be a whole number, not "${given}"`);
  return Number(given);
}

export interface SeededRandom {
  /** A number in [0, 1), like Math.random. */
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  /** A version-4 UUID, as the app makes them, but from the seed. */
  id: () => string;
}

export function seededRandom(seed: number): SeededRandom {
  // mulberry32: small, fast and good enough to shuffle a simulation.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const id = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return { random, pick, id };
}
