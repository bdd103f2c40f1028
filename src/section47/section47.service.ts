import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, notFound } from '../common/errors';
import { lockChildren, oneTeam } from '../directory/locked-children';
import { precheck } from '../workflow/decide';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { section47EnquiryMachine } from './section47.machine';
import { openStrategyDiscussion } from './section47.records';
import { RecordSection47OutcomeInput, RecordStrategyDiscussionInput, Section47EnquiryRow, StrategyDiscussionRow } from './section47.types';

/** Strategy discussions and the section 47 enquiries they start (DOMAIN.md). */
@Injectable()
export class Section47Service {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly audit: AuditService,
    private readonly policy: PolicyService,
  ) {}

  async recordDiscussion(user: CurrentUser, input: RecordStrategyDiscussionInput, idempotencyKey: string | null): Promise<string> {
    if (input.heldOn > this.clock.today()) throw badField('heldOn', 'must not be in the future');
    if (new Set(input.childIds).size !== input.childIds.length) throw badField('childIds', 'names a child more than once');
    return this.commands.run({ user, operation: 'recordStrategyDiscussion', input, idempotencyKey }, async (manager) => {
      const children = await lockChildren(manager, user.authorityId, input.childIds, 'childIds');
      const teamId = oneTeam(children, 'childIds');
      this.policy.assertCanWriteForTeam(user, teamId, 'recordStrategyDiscussion');
      const opened = await openStrategyDiscussion(manager, this.audit, this.workflow, user, { teamId, childIds: input.childIds, heldOn: input.heldOn, section47Initiated: input.section47Initiated });
      return opened.discussionId;
    });
  }

  async recordOutcome(user: CurrentUser, input: RecordSection47OutcomeInput): Promise<string> {
    if (input.completedOn > this.clock.today()) throw badField('completedOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'recordSection47Outcome', input }, async (manager) => {
      const [row]: Section47EnquiryRow[] = await manager.query('SELECT * FROM section47_enquiry WHERE id = $1 AND authority_id = $2 FOR UPDATE', [input.enquiryId, user.authorityId]);
      if (!row) throw notFound('Section47Enquiry', input.enquiryId);
      this.policy.assertCanWriteForTeam(user, row.team_id, 'recordSection47Outcome');
      precheck(section47EnquiryMachine, row, 'recordOutcome', input.expectedVersion);
      if (input.completedOn < row.started_on) throw badField('completedOn', `must not be before ${row.started_on}, when the enquiry started`);
      if (input.outcome !== 'ICPC_REQUIRED' && row.conference_id) throw badField('outcome', `the enquiry is considered by conference ${row.conference_id}: its outcome is ICPC_REQUIRED`);
      await this.workflow.transition(manager, section47EnquiryMachine, {
        id: row.id, authorityId: user.authorityId, operation: 'recordOutcome', actorId: user.staffId, expectedVersion: input.expectedVersion,
        set: { outcome: input.outcome, completed_on: input.completedOn },
        details: { outcome: input.outcome, completedOn: input.completedOn },
      });
      return row.id;
    });
  }

  /** Another authority's is NOT_FOUND, another team's FORBIDDEN to team staff. */
  async readableDiscussion(user: CurrentUser, id: string): Promise<StrategyDiscussionRow> {
    const [row]: StrategyDiscussionRow[] = await this.dataSource.query('SELECT * FROM strategy_discussion WHERE id = $1 AND authority_id = $2', [id, user.authorityId]);
    if (!row) throw notFound('StrategyDiscussion', id);
    this.policy.assertCanReadTeam(user, row.team_id, 'the strategy discussion');
    return row;
  }
}
