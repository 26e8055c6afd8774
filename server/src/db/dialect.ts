import type { Config } from '../config.js';

/** Which store the config names: the migrations branch on it. Its own module so that the
 * migrations need not import database.ts, which imports them (an import cycle). */
export type Dialect = Config['database']['kind'];
