import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { notFound } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { EscalationCursor, EscalationRepository } from './escalation.repository';
import { EscalationFilter, EscalationPage, EscalationType } from './escalation.types';

/** Reads of escalations: one, or a keyset-paginated list newest raised first. */
@Injectable()
export class EscalationQueries {
  constructor(
    private readonly escalations: EscalationRepository,
    private readonly policy: PolicyService,
  ) {}

  async readable(user: CurrentUser, id: string): Promise<EscalationType> {
    const found = await this.escalations.find(user.authorityId, id);
    if (!found) throw notFound('Escalation', id);
    this.policy.assertCanReadTeam(user, found.teamId, 'the escalation');
    return found;
  }

  /**
   * Ordered by raised date, newest first (then id), so that pages are stable under inserts.
   * The total is counted only when asked for (`count`, called by the totalCount field).
   */
  async list(
    user: CurrentUser,
    filter: EscalationFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<EscalationPage> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as EscalationCursor | null;
    const { where, params } = await this.filterSql(user, filter);
    const records = await this.escalations.page(where, params, cursor, size + 1);
    return {
      ...connection(
        records,
        size,
        (r): EscalationType => r,
        (r) => [r.raisedOn, r.id],
      ),
      count: () => this.escalations.count(where, params),
    };
  }

  /**
   * The list's WHERE (over `escalation e JOIN child c`) with its parameters, scoped and authorised
   * for the caller: shared with the auditors' CSV export (src/exports), so both filter alike.
   */
  async filterSql(
    user: CurrentUser,
    filter: EscalationFilter | null | undefined,
  ): Promise<{ where: string[]; params: unknown[] }> {
    const teamIds: (string | null)[] = [];
    const scope = this.policy.teamScope(user);
    if (!scope.all) teamIds.push(scope.teamId);
    if (filter?.teamId) {
      await this.policy.assertTeamFilter(user, filter.teamId);
      teamIds.push(filter.teamId);
    }
    return this.escalations.filterWhere({ ...filter, authorityId: user.authorityId, teamIds });
  }
}
