import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { connection, decodeCursor, pageSize } from '../common/pagination';
import { ConferenceFilter } from './conference.inputs';
import { conferenceNode } from './conference.nodes';
import { ConferenceListFilter, ConferenceRepository } from './conference.repository';
import { ConferenceType } from './conference.types';

/** A page of conferences; `count` runs only when the client selects totalCount (ConferenceConnectionResolver). */
export interface ConferencePage {
  edges: { cursor: string; node: ConferenceType }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  count: () => Promise<number>;
}

/** conferences(filter, first, after): keyset pages in (due_by, id) order, within the caller's team scope. */
@Injectable()
export class ConferenceQueries {
  constructor(
    private readonly conferences: ConferenceRepository,
    private readonly policy: PolicyService,
  ) {}

  async list(
    user: CurrentUser,
    filter: ConferenceFilter | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<ConferencePage> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const f = filter ?? {};
    const scope = this.policy.teamScope(user);
    const listed: ConferenceListFilter = {
      teamId: f.teamId,
      status: f.status,
      type: f.type,
      chairId: f.chairId,
      dueFrom: f.dueFrom,
      dueTo: f.dueTo,
      childId: f.childId,
    };
    if (!scope.all) {
      if (f.teamId) await this.policy.assertTeamFilter(user, f.teamId);
      listed.scopeTeamId = scope.teamId ?? null;
    }
    const records = await this.conferences.page(user.authorityId, listed, cursor, size + 1);
    return {
      ...connection(records, size, conferenceNode, (r) => [r.dueBy, r.id]),
      count: () => this.conferences.count(user.authorityId, listed),
    };
  }
}
