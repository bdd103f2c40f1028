import { Injectable } from '@nestjs/common';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, conflict, invalidTransition } from '../common/errors';
import { CommandRunner } from '../idempotency/command-runner';
import { InboxAlerts } from '../common/inbox-alerts';
import { WorkflowService } from '../workflow/workflow.service';
import { conferenceMachine } from './conference.machine';
import { ConferenceService } from './conference.service';

type Recorded = {
  operation: 'recordReportSharedWithFamily' | 'recordMinutesDistributed';
  conferenceId: string;
  on: string;
  expectedVersion?: number | null;
};

/**
 * Issue 18: the social worker's report reaching the family before a conference, and the minutes
 * going out after it. Facts about a conference, not changes of its state: WorkflowService.update (version,
 * updated_at and the audit event in one place).
 */
@Injectable()
export class ConferenceFamilyService {
  constructor(
    private readonly clock: Clock,
    private readonly commands: CommandRunner,
    private readonly policy: PolicyService,
    private readonly workflow: WorkflowService,
    private readonly conferences: ConferenceService,
    private readonly inbox: InboxAlerts,
  ) {}

  async record(user: CurrentUser, cmd: Recorded): Promise<string> {
    const report = cmd.operation === 'recordReportSharedWithFamily';
    const field = report ? 'sharedOn' : 'distributedOn';
    return this.commands.run(
      {
        user,
        operation: cmd.operation,
        input: { conferenceId: cmd.conferenceId, [field]: cmd.on, expectedVersion: cmd.expectedVersion },
      },
      async (manager) => {
        const conf = await this.conferences.lock(manager, user.authorityId, cmd.conferenceId);
        this.policy.assertCanWriteForTeam(user, conf.teamId, cmd.operation);
        if (cmd.expectedVersion != null && conf.version !== cmd.expectedVersion) {
          throw conflict(`Conference is at version ${conf.version}, not ${cmd.expectedVersion}; reload and try again`, {
            currentVersion: conf.version,
          });
        }
        // The report goes out before (or is recorded after) any conference that was not cancelled; minutes only for one that decided.
        const allowed = report ? ['REQUESTED', 'SCHEDULED', 'HELD', 'INQUORATE'] : ['HELD'];
        if (!allowed.includes(conf.status)) throw invalidTransition(conf.status, cmd.operation, 'Conference');
        if (cmd.on > this.clock.today()) throw badField(field, 'must not be in the future');
        if (!report && cmd.on < conf.heldOn!)
          throw badField(field, `must not be before the conference, ${conf.heldOn}`);
        const column = report ? 'report_shared_with_family_on' : 'minutes_distributed_on';
        const dueBy = report ? conf.reportSharedDueBy : conf.minutesDueBy;
        await this.workflow.update(manager, conferenceMachine, {
          id: conf.id,
          authorityId: user.authorityId,
          expectedVersion: cmd.expectedVersion,
          set: { [column]: cmd.on },
          audit: {
            actorId: user.staffId,
            action: report ? 'CONFERENCE_REPORT_SHARED_WITH_FAMILY' : 'CONFERENCE_MINUTES_DISTRIBUTED',
            details: { [field]: cmd.on, dueBy: dueBy ?? null, onTime: dueBy ? cmd.on <= dueBy : null },
          },
        });
        if (!report) {
          for (const dedupeKey of [`conference-minutes/${conf.id}`, `conference-minutes-overdue/${conf.id}`])
            await this.inbox.clear(manager, { authorityId: user.authorityId, dedupeKey });
        }
        return conf.id;
      },
    );
  }
}
