import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, loader } from '../common/loaders';
import { loadNow, primeNow } from '../common/primed';
import { EscalationRepository, EscalationStageRecord } from './escalation.repository';
import { EscalationStageType, EscalationType, stageFromRecord } from './escalation.types';

type Ctx = { user?: { authorityId: string } };

/** Batched reads of escalations and their stages, within the caller's authority. */
@Injectable()
export class EscalationLoaders {
  constructor(private readonly escalations: EscalationRepository) {}

  byId(ctx: Ctx) {
    return loader<string, EscalationType | null>(ctx, 'escalation', async (ids) => {
      const records = await this.escalations.findMany(ctx.user!.authorityId, ids);
      return byKey(ids, records, (r) => r.id).map((r) => r ?? null);
    });
  }

  /** A child's escalations, newest raised first. */
  byChild(ctx: Ctx) {
    return loader<string, EscalationType[]>(ctx, 'escalationsByChild', async (ids) => {
      const records = await this.escalations.findByChildren(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.childId);
    });
  }

  stages(ctx: Ctx) {
    return loader<string, EscalationStageType[]>(ctx, 'escalationStages', async (ids) => {
      const records = await this.escalations.stagesOf(ctx.user!.authorityId, ids);
      return groupByKey(ids, records, (r) => r.escalationId).map((list) => list.map(stageFromRecord));
    });
  }

  /** Primes `stages(ctx)` with each escalation's stages as the compiled read got them (`stagesOf`'s records, in stage order). */
  primeStages(ctx: Ctx, byEscalation: Iterable<[string, readonly EscalationStageRecord[]]>): void {
    const stages = this.stages(ctx);
    for (const [id, records] of byEscalation) primeNow(stages, id, records.map(stageFromRecord));
  }

  /** `stages(ctx).load(id)`, or what a compiled read primed, without a promise. */
  stagesNow(ctx: Ctx, id: string) {
    return loadNow(this.stages(ctx), id);
  }
}
