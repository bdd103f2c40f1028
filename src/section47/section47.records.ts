import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { badField, badInput, notFound } from '../common/errors';
import { WorkflowService } from '../workflow/workflow.service';
import { section47EnquiryMachine } from './section47.machine';
import { Section47EnquiryRecord, Section47Repository } from './section47.repository';

export interface OpenedDiscussion {
  discussionId: string;
  enquiryIds: string[];
}

/**
 * Strategy discussions and enquiries as conferences need them too (exported by Section47Module):
 * conferences know enquiries, never the other way round.
 */
@Injectable()
export class Section47Records {
  constructor(
    private readonly audit: AuditService,
    private readonly workflow: WorkflowService,
    private readonly s47: Section47Repository,
  ) {}

  /**
   * Records a strategy discussion (audited) and, when it initiated s47, one enquiry per child starting
   * that day (each created through the engine). The caller has locked the children and checked the team.
   * Shared by recordStrategyDiscussion and the old requestInitialConference(childIds, strategyDiscussionDate).
   */
  async openStrategyDiscussion(
    manager: EntityManager,
    user: CurrentUser,
    d: { teamId: string; childIds: string[]; heldOn: string; section47Initiated: boolean; via?: string },
  ): Promise<OpenedDiscussion> {
    const discussionId = await this.s47.insertDiscussion(manager, {
      authorityId: user.authorityId,
      teamId: d.teamId,
      heldOn: d.heldOn,
      childIds: d.childIds,
      section47Initiated: d.section47Initiated,
    });
    await this.audit.append(manager, {
      authorityId: user.authorityId,
      actorId: user.staffId,
      entityType: 'StrategyDiscussion',
      entityId: discussionId,
      action: 'STRATEGY_DISCUSSION_RECORDED',
      details: {
        heldOn: d.heldOn,
        childIds: d.childIds,
        section47Initiated: d.section47Initiated,
        via: d.via ?? 'recordStrategyDiscussion',
      },
    });
    const enquiryIds: string[] = [];
    if (!d.section47Initiated) return { discussionId, enquiryIds };
    for (const childId of d.childIds) {
      const id = await this.s47.insertEnquiry(manager, {
        authorityId: user.authorityId,
        childId,
        teamId: d.teamId,
        strategyDiscussionId: discussionId,
        startedOn: d.heldOn,
      });
      await this.workflow.created(manager, section47EnquiryMachine, {
        id,
        authorityId: user.authorityId,
        actorId: user.staffId,
        details: { childId, strategyDiscussionId: discussionId, startedOn: d.heldOn },
      });
      enquiryIds.push(id);
    }
    return { discussionId, enquiryIds };
  }

  /**
   * The enquiries an ICPC is requested for, locked: all of the caller's authority, none already
   * considered by an ICPC, none whose outcome was that no ICPC is needed.
   */
  async lockEnquiriesForConference(
    manager: EntityManager,
    authorityId: string,
    ids: string[],
  ): Promise<Section47EnquiryRecord[]> {
    if (new Set(ids).size !== ids.length) throw badField('section47EnquiryIds', 'names an enquiry more than once');
    const rows = await this.s47.lockEnquiriesWithConference(manager, authorityId, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw notFound('Section47Enquiry', missing);
    const problems = rows.flatMap((r) => {
      // A cancelled ICPC leaves its enquiries free for the next request.
      if (r.conferenceId && r.conferenceStatus !== 'CANCELLED')
        return [
          {
            field: 'section47EnquiryIds',
            message: `enquiry ${r.id} is already considered by conference ${r.conferenceId}`,
          },
        ];
      if (r.outcome && r.outcome !== 'ICPC_REQUIRED')
        return [
          {
            field: 'section47EnquiryIds',
            message: `enquiry ${r.id} ended with outcome ${r.outcome}, not ICPC_REQUIRED`,
          },
        ];
      return [];
    });
    if (problems.length) throw badInput(problems);
    if (new Set(rows.map((r) => r.childId)).size !== rows.length)
      throw badField('section47EnquiryIds', 'names two enquiries of the same child');
    return rows.map(({ conferenceStatus: _status, ...enquiry }) => enquiry);
  }

  /** Links enquiries to the ICPC that considers them (audited per enquiry; not a change of status). */
  async linkEnquiriesToConference(
    manager: EntityManager,
    user: CurrentUser,
    enquiryIds: string[],
    conferenceId: string,
  ): Promise<void> {
    await this.s47.linkToConference(manager, user.authorityId, enquiryIds, conferenceId);
    for (const id of enquiryIds) {
      await this.audit.append(manager, {
        authorityId: user.authorityId,
        actorId: user.staffId,
        entityType: 'Section47Enquiry',
        entityId: id,
        action: 'SECTION47_ICPC_REQUESTED',
        details: { conferenceId },
      });
    }
  }
}
