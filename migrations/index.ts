import { Foundation1795689088272 } from './1795689088272-Foundation';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS: Function[] = [Foundation1795689088272];
