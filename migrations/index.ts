import { Foundation1795687834028 } from './1795687834028-Foundation';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS: Function[] = [Foundation1795687834028];
