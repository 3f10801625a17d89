import { AsharDb } from './database';

/** The app's one database. Tests and simulations make their own `AsharDb` instances instead. */
export const db = new AsharDb();
