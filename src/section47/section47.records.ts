import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { badField, badInput, notFound } from '../common/errors';
import { WorkflowService } from '../workflow/workflow.service';
import { section47EnquiryMachine } from './section47.machine';
import { Section47EnquiryRow } from './section47.types';

export interface OpenedDiscussion {
  discussionId: string;
  enquiryIds: string[];
}

/**
 * Records a strategy discussion (audited) and, when it initiated s47, one enquiry per child starting
 * that day (each created through the engine). The caller has locked the children and checked the team.
 * Shared by recordStrategyDiscussion and the old requestInitialConference(childIds, strategyDiscussionDate).
 */
export async function openStrategyDiscussion(
  manager: EntityManager, audit: AuditService, workflow: WorkflowService, user: CurrentUser,
  d: { teamId: string; childIds: string[]; heldOn: string; section47Initiated: boolean; via?: string },
): Promise<OpenedDiscussion> {
  const [row]: { id: string }[] = await manager.query(
    'INSERT INTO strategy_discussion (authority_id, team_id, held_on, child_ids, section47_initiated) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [user.authorityId, d.teamId, d.heldOn, d.childIds, d.section47Initiated],
  );
  await audit.append(manager, {
    authorityId: user.authorityId, actorId: user.staffId, entityType: 'StrategyDiscussion', entityId: row.id, action: 'STRATEGY_DISCUSSION_RECORDED',
    details: { heldOn: d.heldOn, childIds: d.childIds, section47Initiated: d.section47Initiated, via: d.via ?? 'recordStrategyDiscussion' },
  });
  const enquiryIds: string[] = [];
  if (!d.section47Initiated) return { discussionId: row.id, enquiryIds };
  for (const childId of d.childIds) {
    const [e]: { id: string }[] = await manager.query(
      'INSERT INTO section47_enquiry (authority_id, child_id, team_id, strategy_discussion_id, started_on) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [user.authorityId, childId, d.teamId, row.id, d.heldOn],
    );
    await workflow.created(manager, section47EnquiryMachine, {
      id: e.id, authorityId: user.authorityId, actorId: user.staffId, details: { childId, strategyDiscussionId: row.id, startedOn: d.heldOn },
    });
    enquiryIds.push(e.id);
  }
  return { discussionId: row.id, enquiryIds };
}

/**
 * The enquiries an ICPC is requested for, locked: all of the caller's authority, none already
 * considered by an ICPC, none whose outcome was that no ICPC is needed.
 */
export async function lockEnquiriesForConference(manager: EntityManager, authorityId: string, ids: string[]): Promise<Section47EnquiryRow[]> {
  if (new Set(ids).size !== ids.length) throw badField('section47EnquiryIds', 'names an enquiry more than once');
  const rows: (Section47EnquiryRow & { conference_status: string | null })[] = await manager.query(
    `SELECT e.*, c.status AS conference_status FROM section47_enquiry e LEFT JOIN conference c ON c.id = e.conference_id
     WHERE e.id = ANY($1) AND e.authority_id = $2 ORDER BY e.id FOR UPDATE OF e`,
    [ids, authorityId],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound('Section47Enquiry', missing);
  const problems = rows.flatMap((r) => {
    // A cancelled ICPC leaves its enquiries free for the next request.
    if (r.conference_id && r.conference_status !== 'CANCELLED') return [{ field: 'section47EnquiryIds', message: `enquiry ${r.id} is already considered by conference ${r.conference_id}` }];
    if (r.outcome && r.outcome !== 'ICPC_REQUIRED') return [{ field: 'section47EnquiryIds', message: `enquiry ${r.id} ended with outcome ${r.outcome}, not ICPC_REQUIRED` }];
    return [];
  });
  if (problems.length) throw badInput(problems);
  if (new Set(rows.map((r) => r.child_id)).size !== rows.length) throw badField('section47EnquiryIds', 'names two enquiries of the same child');
  return rows;
}

/** Links enquiries to the ICPC that considers them (audited per enquiry; not a change of status). */
export async function linkEnquiriesToConference(manager: EntityManager, audit: AuditService, user: CurrentUser, enquiryIds: string[], conferenceId: string): Promise<void> {
  await manager.query('UPDATE section47_enquiry SET conference_id = $1, updated_at = now() WHERE id = ANY($2) AND authority_id = $3', [conferenceId, enquiryIds, user.authorityId]);
  for (const id of enquiryIds) {
    await audit.append(manager, {
      authorityId: user.authorityId, actorId: user.staffId, entityType: 'Section47Enquiry', entityId: id, action: 'SECTION47_ICPC_REQUESTED', details: { conferenceId },
    });
  }
}
