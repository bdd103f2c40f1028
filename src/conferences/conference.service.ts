import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { initialConferenceDueBy, transferInConferenceDueBy } from '../calendar/timescales';
import { londonDate } from '../calendar/london-date';
import { Clock } from '../clock/clock';
import { badField, badInput, conflict, invalidTransition, notFound, DomainError } from '../common/errors';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { CommandRunner } from '../idempotency/command-runner';
import { Machine } from '../workflow/machine';
import { WorkflowService } from '../workflow/workflow.service';
import { reportSharedDueBy } from './conference-attendance';
import { ScheduleConferenceInput } from './conference.inputs';
import { conferenceMachine } from './conference.machine';
import { ConferenceRow } from './conference.rows';

export interface LockedChild {
  id: string;
  team_id: string;
  case_reference: string;
  date_of_birth: string | null;
}

/** Requesting, scheduling and cancelling conferences. Holding one is ConferenceHeldService. */
@Injectable()
export class ConferenceService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly policy: PolicyService,
    private readonly settings: AuthoritySettingsService,
  ) {}

  async request(user: CurrentUser, type: 'INITIAL' | 'TRANSFER_IN', childIds: string[], clockStart: string, idempotencyKey: string | null): Promise<string> {
    const field = type === 'INITIAL' ? 'strategyDiscussionDate' : 'transferNotifiedOn';
    if (clockStart > this.clock.today()) throw badField(field, 'must not be in the future');
    if (new Set(childIds).size !== childIds.length) throw badField('childIds', 'names a child more than once');
    const operation = type === 'INITIAL' ? 'requestInitialConference' : 'requestTransferInConference';
    return this.commands.run({ user, operation, input: { childIds, [field]: clockStart }, idempotencyKey }, async (manager) => {
      const children = await lockChildren(manager, user.authorityId, childIds, 'childIds');
      const teamId = oneTeam(children, 'childIds');
      await assertNoOpenConference(manager, user.authorityId, children, type, 'childIds');
      const { calendar } = await this.settings.get(user.authorityId, manager);
      const dueBy = type === 'INITIAL' ? initialConferenceDueBy(calendar, clockStart) : transferInConferenceDueBy(calendar, clockStart);
      return insertConference(manager, this.workflow, user, {
        type, teamId, childIds, clockStart, dueBy,
        strategyDiscussionDate: type === 'INITIAL' ? clockStart : null,
        transferNotifiedOn: type === 'TRANSFER_IN' ? clockStart : null,
      });
    });
  }

  /** Schedules a requested conference, or reschedules a scheduled one (with a reason: its own history entry). */
  async schedule(user: CurrentUser, input: ScheduleConferenceInput): Promise<string> {
    return this.commands.run({ user, operation: 'scheduleConference', input }, async (manager) => {
      const conf = await lockConference(manager, user.authorityId, input.conferenceId);
      const operation = conf.status === 'SCHEDULED' ? 'reschedule' : 'schedule';
      precheck(conferenceMachine, conf, operation, input.expectedVersion);
      if (operation === 'reschedule' && !input.reason) throw badField('reason', 'is required to reschedule a conference');
      const chairId = input.chairId ?? (operation === 'reschedule' && conf.chair_id ? conf.chair_id : user.staffId);
      if (input.chairId) {
        const [chair] = await manager.query("SELECT id FROM staff_member WHERE id = $1 AND authority_id = $2 AND 'CHAIR' = ANY(roles)", [input.chairId, user.authorityId]);
        if (!chair) throw badField('chairId', 'must be a CHAIR of your authority');
      }
      if (londonDate(input.scheduledFor) < conf.clock_start) throw badField('scheduledFor', `must not be before ${conf.clock_start}, when the conference's clock started`);
      await this.workflow.transition(manager, conferenceMachine, {
        id: conf.id, authorityId: user.authorityId, operation, actorId: user.staffId, expectedVersion: input.expectedVersion, reason: input.reason ?? null,
        set: { scheduled_for: input.scheduledFor, chair_id: chairId, report_shared_due_by: reportSharedDueBy(await this.settings.get(user.authorityId, manager), conf.type, londonDate(input.scheduledFor)) },
        details: { scheduledFor: input.scheduledFor.toISOString(), chairId, previousScheduledFor: conf.scheduled_for, previousChairId: conf.chair_id },
        notify: chairId !== user.staffId ? [{ recipientId: chairId, topic: 'CONFERENCE_SCHEDULED', payload: { conferenceId: conf.id, scheduledFor: input.scheduledFor.toISOString() } }] : undefined,
      });
      return conf.id;
    });
  }

  async cancel(user: CurrentUser, conferenceId: string, reason: string, expectedVersion?: number | null): Promise<string> {
    const why = reason?.trim();
    if (!why) throw badField('reason', 'must not be empty');
    return this.commands.run({ user, operation: 'cancelConference', input: { conferenceId, reason: why } }, async (manager) => {
      const conf = await lockConference(manager, user.authorityId, conferenceId);
      precheck(conferenceMachine, conf, 'cancel', expectedVersion);
      // Every active plan keeps an open review: a review goes away when its plans end, not by cancelling it.
      if (conf.type === 'REVIEW') {
        const active = await manager.query(
          "SELECT 1 FROM conference_child cc JOIN child_protection_plan p ON p.child_id = cc.child_id AND p.status = 'ACTIVE' WHERE cc.conference_id = $1 LIMIT 1",
          [conf.id],
        );
        if (active.length) throw badField('conferenceId', 'is the review of active plans: reschedule it, or end the plans (endChildProtectionPlan)');
      }
      await this.workflow.transition(manager, conferenceMachine, {
        id: conf.id, authorityId: user.authorityId, operation: 'cancel', actorId: user.staffId, expectedVersion, reason: why,
        set: { cancelled_on: this.clock.today() },
      });
      return conf.id;
    });
  }

  /** conference(id): another authority's is NOT_FOUND, another team's FORBIDDEN for team staff. */
  async readable(user: CurrentUser, id: string): Promise<ConferenceRow> {
    const [row]: ConferenceRow[] = await this.dataSource.query('SELECT * FROM conference WHERE id = $1 AND authority_id = $2', [id, user.authorityId]);
    if (!row) throw notFound('Conference', id);
    this.policy.assertCanReadTeam(user, row.team_id, 'the conference');
    return row;
  }
}

export async function lockConference(manager: EntityManager, authorityId: string, id: string): Promise<ConferenceRow> {
  const [row]: ConferenceRow[] = await manager.query('SELECT * FROM conference WHERE id = $1 AND authority_id = $2 FOR UPDATE', [id, authorityId]);
  if (!row) throw notFound('Conference', id);
  return row;
}

/** Status and version before validation, so a stale or finished record reports that first. */
export function precheck(machine: Machine, row: { status: string; version: number }, operation: string, expectedVersion?: number | null): void {
  if (expectedVersion != null && row.version !== expectedVersion) {
    throw conflict(`${machine.entity} is at version ${row.version}, not ${expectedVersion}; reload and try again`, { currentVersion: row.version });
  }
  if (!machine.transitions[operation].from.includes(row.status)) throw invalidTransition(row.status, operation, machine.entity);
}

/**
 * Locks the children's rows (in id order, so concurrent requests cannot deadlock): the check for an
 * open conference and the insert that follows it are then serialised per child.
 */
export async function lockChildren(manager: EntityManager, authorityId: string, childIds: string[], field: string): Promise<LockedChild[]> {
  const rows: LockedChild[] = await manager.query(
    'SELECT id, team_id, case_reference, date_of_birth FROM child WHERE id = ANY($1) AND authority_id = $2 ORDER BY id FOR UPDATE',
    [childIds, authorityId],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = childIds.filter((id) => !found.has(id));
  // Another authority's child is no child at all: NOT_FOUND, never a hint that it exists.
  if (missing.length) throw new DomainError('NOT_FOUND', `${field}: no such child in your authority`, { fields: missing.map((id) => ({ field, message: `${id} is not a child of your authority` })) });
  return rows;
}

/** Our policy: one conference covers children of one team (the team whose staff see it). */
export function oneTeam(children: LockedChild[], field: string): string {
  const teams = new Set(children.map((c) => c.team_id));
  if (teams.size > 1) throw badField(field, 'must all belong to one team; request a conference per team');
  return children[0].team_id;
}

/** A child is in at most one open (requested or scheduled) conference of each type: BAD_USER_INPUT naming the child. */
export async function assertNoOpenConference(manager: EntityManager, authorityId: string, children: LockedChild[], type: string, field: string): Promise<void> {
  const rows: { child_id: string; conference_id: string }[] = await manager.query(
    `SELECT cc.child_id, c.id AS conference_id FROM conference c JOIN conference_child cc ON cc.conference_id = c.id
     WHERE c.authority_id = $1 AND cc.child_id = ANY($2) AND c.type = $3 AND c.status IN ('REQUESTED', 'SCHEDULED')`,
    [authorityId, children.map((c) => c.id), type],
  );
  if (!rows.length) return;
  const ref = new Map(children.map((c) => [c.id, c.case_reference]));
  throw badInput(rows.map((r) => ({ field, message: `child ${ref.get(r.child_id)} (${r.child_id}) is already in open ${type} conference ${r.conference_id}` })));
}

export interface NewConference {
  type: 'INITIAL' | 'TRANSFER_IN' | 'REVIEW';
  teamId: string;
  childIds: string[];
  clockStart: string;
  dueBy: string;
  strategyDiscussionDate?: string | null;
  transferNotifiedOn?: string | null;
  previousConferenceId?: string | null;
}

export async function insertConference(manager: EntityManager, workflow: WorkflowService, user: CurrentUser, c: NewConference): Promise<string> {
  const [row]: { id: string }[] = await manager.query(
    `INSERT INTO conference (authority_id, type, team_id, strategy_discussion_date, transfer_notified_on, clock_start, due_by, previous_conference_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [user.authorityId, c.type, c.teamId, c.strategyDiscussionDate ?? null, c.transferNotifiedOn ?? null, c.clockStart, c.dueBy, c.previousConferenceId ?? null],
  );
  await manager.query(
    'INSERT INTO conference_child (conference_id, child_id, authority_id) SELECT $1, unnest($2::uuid[]), $3',
    [row.id, c.childIds, user.authorityId],
  );
  await workflow.created(manager, conferenceMachine, {
    id: row.id, authorityId: user.authorityId, actorId: user.staffId,
    details: { type: c.type, childIds: c.childIds, clockStart: c.clockStart, dueBy: c.dueBy, previousConferenceId: c.previousConferenceId ?? null },
  });
  return row.id;
}
