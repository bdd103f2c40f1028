import { Injectable } from '@nestjs/common';
import { ActionLoaders } from '../actions/action.loaders';
import { AuditHistory } from '../audit/audit-history';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { notFound } from '../common/errors';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { DirectoryLoaders } from '../directory/directory.loaders';
import { isSelected, selectedAt, Selection, selectionOf, SelectionInfo } from '../graphql/selection';
import { EscalationLoaders } from './escalation.loaders';
import {
  EscalationCursor,
  EscalationRelated,
  EscalationRelations,
  EscalationRepository,
} from './escalation.repository';
import { EscalationFilter, EscalationPage, EscalationType } from './escalation.types';

/**
 * What a root query hands over for a compiled read: its GraphQL context (the request's loaders)
 * and its resolve info (what the client selected). Without it, the reads are the plain ones.
 */
export interface ReadAhead {
  ctx: object;
  info: SelectionInfo;
}

/**
 * The relations of an escalation that a compiled read fetches, from the selection on an
 * escalation (`Escalation`'s fields): null when none is selected (the plain read is enough).
 */
export function escalationRelations(node: Selection): EscalationRelations | null {
  const sub = (name: string, inner: string) =>
    isSelected(node, name) ? { [inner]: isSelected(selectedAt(node, name), inner) } : null;
  const relations: EscalationRelations = {
    child: isSelected(node, 'child'),
    raisedBy: isSelected(node, 'raisedBy'),
    stages: sub('stages', 'assignedTo') as EscalationRelations['stages'],
    actions: sub('actions', 'owner') as EscalationRelations['actions'],
    history: sub('history', 'actor') as EscalationRelations['history'],
  };
  const any = relations.child || relations.raisedBy || relations.stages || relations.actions || relations.history;
  return any ? relations : null;
}

/** Reads of escalations: one, or a keyset-paginated list newest raised first. */
@Injectable()
export class EscalationQueries {
  /**
   * Compiled reads (docs/architecture.md): a page or an escalation with the relations the client
   * selected in ONE statement, priming the loaders the field resolvers use. Off, every relation goes
   * through its loader; the tests compare both paths' answers.
   */
  compileReads = true;

  constructor(
    private readonly escalations: EscalationRepository,
    private readonly policy: PolicyService,
    private readonly loaders: EscalationLoaders,
    private readonly directory: DirectoryLoaders,
    private readonly actions: ActionLoaders,
    private readonly audit: AuditHistory,
  ) {}

  async readable(user: CurrentUser, id: string, ahead?: ReadAhead): Promise<EscalationType> {
    const relations = ahead && this.compileReads ? escalationRelations(selectionOf(ahead.info)) : null;
    if (ahead && relations) {
      const { record, related } = await this.escalations.findWith(user.authorityId, id, relations);
      if (!record) throw notFound('Escalation', id);
      this.policy.assertCanReadTeam(user, record.teamId, 'the escalation');
      this.prime(ahead.ctx, related);
      return record;
    }
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
    ahead?: ReadAhead,
  ): Promise<EscalationPage> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as EscalationCursor | null;
    const { where, params } = await this.filterSql(user, filter);
    const relations =
      ahead && this.compileReads ? escalationRelations(selectedAt(selectionOf(ahead.info), 'edges', 'node')) : null;
    let records;
    if (ahead && relations) {
      const compiled = await this.escalations.pageWith(where, params, cursor, size + 1, relations);
      records = compiled.records;
      this.prime(ahead.ctx, compiled.related);
    } else {
      records = await this.escalations.page(where, params, cursor, size + 1);
    }
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

  /** Hands what a compiled read found to the loaders the field resolvers call, for this request. */
  private prime(ctx: object, related: EscalationRelated): void {
    this.directory.primeChildren(ctx, related.children);
    this.directory.primeStaff(ctx, related.staff);
    if (related.stages) this.loaders.primeStages(ctx, related.stages);
    if (related.actions) this.actions.primeBySubject(ctx, 'Escalation', related.actions);
    if (related.history) this.audit.prime(ctx, 'Escalation', related.history);
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
