import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { Hooks } from '../common/hooks';

export type BirthHook = (
  manager: EntityManager,
  user: CurrentUser,
  childId: string,
  dateOfBirth: string,
) => Promise<void>;

/**
 * Modules whose due dates depend on a birth (the first review of an unborn child's plan)
 * register here; recordBirth runs them in its own transaction.
 */
@Injectable()
export class BirthHooks extends Hooks<Parameters<BirthHook>> {}
