import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, notFound } from '../common/errors';
import { lockChildren, oneTeam } from '../directory/locked-children';
import { precheck } from '../workflow/decide';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { section47EnquiryMachine } from './section47.machine';
import { Section47Records } from './section47.records';
import { Section47Repository, StrategyDiscussionRecord } from './section47.repository';
import { RecordSection47OutcomeInput, RecordStrategyDiscussionInput } from './section47.types';

/** Strategy discussions and the section 47 enquiries they start (DOMAIN.md). */
@Injectable()
export class Section47Service {
  constructor(
    private readonly clock: Clock,
    private readonly s47: Section47Repository,
    private readonly records: Section47Records,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly policy: PolicyService,
  ) {}

  async recordDiscussion(
    user: CurrentUser,
    input: RecordStrategyDiscussionInput,
    idempotencyKey: string | null,
  ): Promise<string> {
    if (input.heldOn > this.clock.today()) throw badField('heldOn', 'must not be in the future');
    if (new Set(input.childIds).size !== input.childIds.length)
      throw badField('childIds', 'names a child more than once');
    return this.commands.run(
      { user, operation: 'recordStrategyDiscussion', input, idempotencyKey },
      async (manager) => {
        const children = await lockChildren(manager, user.authorityId, input.childIds, 'childIds');
        const teamId = oneTeam(children, 'childIds');
        this.policy.assertCanWriteForTeam(user, teamId, 'recordStrategyDiscussion');
        const opened = await this.records.openStrategyDiscussion(manager, user, {
          teamId,
          childIds: input.childIds,
          heldOn: input.heldOn,
          section47Initiated: input.section47Initiated,
        });
        return opened.discussionId;
      },
    );
  }

  async recordOutcome(user: CurrentUser, input: RecordSection47OutcomeInput): Promise<string> {
    if (input.completedOn > this.clock.today()) throw badField('completedOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'recordSection47Outcome', input }, async (manager) => {
      const row = await this.s47.lockEnquiry(manager, user.authorityId, input.enquiryId);
      if (!row) throw notFound('Section47Enquiry', input.enquiryId);
      this.policy.assertCanWriteForTeam(user, row.teamId, 'recordSection47Outcome');
      precheck(section47EnquiryMachine, row, 'recordOutcome', input.expectedVersion);
      if (input.completedOn < row.startedOn)
        throw badField('completedOn', `must not be before ${row.startedOn}, when the enquiry started`);
      if (input.outcome !== 'ICPC_REQUIRED' && row.conferenceId)
        throw badField(
          'outcome',
          `the enquiry is considered by conference ${row.conferenceId}: its outcome is ICPC_REQUIRED`,
        );
      await this.workflow.transition(manager, section47EnquiryMachine, {
        id: row.id,
        authorityId: user.authorityId,
        operation: 'recordOutcome',
        actorId: user.staffId,
        expectedVersion: input.expectedVersion,
        set: { outcome: input.outcome, completed_on: input.completedOn },
        details: { outcome: input.outcome, completedOn: input.completedOn },
      });
      return row.id;
    });
  }

  /** Another authority's is NOT_FOUND, another team's FORBIDDEN to team staff. */
  async readableDiscussion(user: CurrentUser, id: string): Promise<StrategyDiscussionRecord> {
    const row = await this.s47.findDiscussion(user.authorityId, id);
    if (!row) throw notFound('StrategyDiscussion', id);
    this.policy.assertCanReadTeam(user, row.teamId, 'the strategy discussion');
    return row;
  }
}
