import { Foundation1795689088272 } from './1795689088272-Foundation';
import { AdvocateOffers1795689893424 } from './1795689893424-AdvocateOffers';

/** Every migration, in order, one per line. Landed migrations are never edited: add a new one. */
export const MIGRATIONS: Function[] = [
  Foundation1795689088272,
  AdvocateOffers1795689893424,
];
