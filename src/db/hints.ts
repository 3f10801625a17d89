// Hints kept beside the database, in localStorage, where a start can read them at once (the
// database answers only once it is open): the language shown last, whether a community was chosen.
// Only hints: the database keeps the truth, and a start that guessed wrong corrects itself. Where
// storage is refused (a private window, a full disk), there is no hint.

export function readHint(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeHint(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // No hint this time.
  }
}

export function forgetHint(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing kept to forget.
  }
}
