import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { byKey, groupByKey, loader } from '../common/loaders';
import { loadNow, primeNow } from '../common/primed';
import { ActionRecord, ActionRepository } from './action.repository';
import { actionFromRecord, ActionType } from './action.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of actions, within the caller's authority. */
@Injectable()
export class ActionLoaders {
  constructor(
    private readonly clock: Clock,
    private readonly actions: ActionRepository,
  ) {}

  /** The actions of records of one type (e.g. 'Escalation'), by record id, soonest due first. */
  bySubject(ctx: Ctx, subjectType: string) {
    return loader<string, ActionType[]>(ctx, `actions:${subjectType}`, async (ids) => {
      const records = await this.actions.findBySubjects(ctx.user!.authorityId, subjectType, ids);
      const today = this.clock.today();
      return groupByKey(ids, records, (r) => r.subjectId).map((list) => list.map((r) => actionFromRecord(r, today)));
    });
  }

  byId(ctx: Ctx) {
    return loader<string, ActionType | null>(ctx, 'action', async (ids) => {
      const records = await this.actions.findMany(ctx.user!.authorityId, ids);
      const today = this.clock.today();
      return byKey(ids, records, (r) => r.id).map((r) => (r ? actionFromRecord(r, today) : null));
    });
  }

  /**
   * Primes `bySubject(ctx, subjectType)` with each record's actions as another statement read them
   * (a compiled read, docs/architecture.md): `findBySubjects`'s records, in its order (soonest due
   * first), an empty list for a record without actions.
   */
  primeBySubject(ctx: Ctx, subjectType: string, bySubject: Iterable<[string, readonly ActionRecord[]]>): void {
    const actions = this.bySubject(ctx, subjectType);
    const today = this.clock.today();
    for (const [id, records] of bySubject)
      primeNow(
        actions,
        id,
        records.map((r) => actionFromRecord(r, today)),
      );
  }

  /** `bySubject(ctx, subjectType).load(id)`, or what a compiled read primed, without a promise. */
  bySubjectNow(ctx: Ctx, subjectType: string, id: string) {
    return loadNow(this.bySubject(ctx, subjectType), id);
  }
}
