import { Catalogue1763780000000 } from './1763780000000-catalogue';

/** Every migration in order. Listed explicitly so compiled and ts-jest runs load the same set. */
export const MIGRATIONS = [Catalogue1763780000000];
