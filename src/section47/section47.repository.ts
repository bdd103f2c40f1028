import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Section47OutcomeName, Section47Status } from './section47.entity';
import { ReadPool } from '../common/read-pool';

/** A strategy discussion as recorded. */
export interface StrategyDiscussionRecord {
  id: string;
  authorityId: string;
  teamId: string;
  heldOn: string;
  childIds: string[];
  section47Initiated: boolean;
}

/** One child's section 47 enquiry as recorded. */
export interface Section47EnquiryRecord {
  id: string;
  authorityId: string;
  childId: string;
  teamId: string;
  strategyDiscussionId: string;
  startedOn: string;
  status: Section47Status;
  outcome: Section47OutcomeName | null;
  completedOn: string | null;
  conferenceId: string | null;
  version: number;
}

interface StrategyDiscussionRow {
  id: string;
  authority_id: string;
  team_id: string;
  held_on: string;
  child_ids: string[];
  section47_initiated: boolean;
}

interface Section47EnquiryRow {
  id: string;
  authority_id: string;
  child_id: string;
  team_id: string;
  strategy_discussion_id: string;
  started_on: string;
  status: Section47Status;
  outcome: Section47OutcomeName | null;
  completed_on: string | null;
  conference_id: string | null;
  version: number;
}

const discussionToRecord = (r: StrategyDiscussionRow): StrategyDiscussionRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  teamId: r.team_id,
  heldOn: r.held_on,
  childIds: r.child_ids,
  section47Initiated: r.section47_initiated,
});

const enquiryToRecord = (r: Section47EnquiryRow): Section47EnquiryRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  childId: r.child_id,
  teamId: r.team_id,
  strategyDiscussionId: r.strategy_discussion_id,
  startedOn: r.started_on,
  status: r.status,
  outcome: r.outcome,
  completedOn: r.completed_on,
  conferenceId: r.conference_id,
  version: r.version,
});

/** Every statement on strategy_discussion and section47_enquiry (the engine's transitions aside). */
@Injectable()
export class Section47Repository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async insertDiscussion(
    manager: EntityManager,
    d: { authorityId: string; teamId: string; heldOn: string; childIds: string[]; section47Initiated: boolean },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      'INSERT INTO strategy_discussion (authority_id, team_id, held_on, child_ids, section47_initiated) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [d.authorityId, d.teamId, d.heldOn, d.childIds, d.section47Initiated],
    );
    return row.id;
  }

  async insertEnquiry(
    manager: EntityManager,
    e: { authorityId: string; childId: string; teamId: string; strategyDiscussionId: string; startedOn: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      'INSERT INTO section47_enquiry (authority_id, child_id, team_id, strategy_discussion_id, started_on) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [e.authorityId, e.childId, e.teamId, e.strategyDiscussionId, e.startedOn],
    );
    return row.id;
  }

  /** The enquiry, locked for the caller's transaction, if it belongs to the authority. */
  async lockEnquiry(manager: EntityManager, authorityId: string, id: string): Promise<Section47EnquiryRecord | null> {
    const rows: Section47EnquiryRow[] = await manager.query(
      'SELECT * FROM section47_enquiry WHERE id = $1 AND authority_id = $2 FOR UPDATE',
      [id, authorityId],
    );
    return rows[0] ? enquiryToRecord(rows[0]) : null;
  }

  /** Those of the enquiries that belong to the authority, locked in id order, with the status of the conference each is linked to. */
  async lockEnquiriesWithConference(
    manager: EntityManager,
    authorityId: string,
    ids: string[],
  ): Promise<(Section47EnquiryRecord & { conferenceStatus: string | null })[]> {
    const rows: (Section47EnquiryRow & { conference_status: string | null })[] = await manager.query(
      `SELECT e.*, c.status AS conference_status FROM section47_enquiry e LEFT JOIN conference c ON c.authority_id = e.authority_id AND c.id = e.conference_id
       WHERE e.id = ANY($1) AND e.authority_id = $2 ORDER BY e.id FOR UPDATE OF e`,
      [ids, authorityId],
    );
    return rows.map((r) => ({ ...enquiryToRecord(r), conferenceStatus: r.conference_status }));
  }

  /** Links the enquiries to the ICPC that considers them (not a change of status). */
  async linkToConference(
    manager: EntityManager,
    authorityId: string,
    ids: string[],
    conferenceId: string,
  ): Promise<void> {
    await manager.query(
      'UPDATE section47_enquiry SET conference_id = $1, updated_at = now() WHERE id = ANY($2) AND authority_id = $3',
      [conferenceId, ids, authorityId],
    );
  }

  async findDiscussion(authorityId: string, id: string): Promise<StrategyDiscussionRecord | null> {
    const rows: StrategyDiscussionRow[] = await this.reads.query(
      'SELECT * FROM strategy_discussion WHERE id = $1 AND authority_id = $2',
      [id, authorityId],
    );
    return rows[0] ? discussionToRecord(rows[0]) : null;
  }

  async findDiscussions(authorityId: string, ids: readonly string[]): Promise<StrategyDiscussionRecord[]> {
    const rows: StrategyDiscussionRow[] = await this.reads.query(
      'SELECT * FROM strategy_discussion WHERE authority_id = $1 AND id = ANY($2)',
      [authorityId, ids],
    );
    return rows.map(discussionToRecord);
  }

  async findEnquiries(authorityId: string, ids: readonly string[]): Promise<Section47EnquiryRecord[]> {
    const rows: Section47EnquiryRow[] = await this.reads.query(
      'SELECT * FROM section47_enquiry WHERE authority_id = $1 AND id = ANY($2)',
      [authorityId, ids],
    );
    return rows.map(enquiryToRecord);
  }

  /** The discussions' enquiries, by the children's case reference. */
  async enquiriesOfDiscussions(
    authorityId: string,
    discussionIds: readonly string[],
  ): Promise<Section47EnquiryRecord[]> {
    const rows: Section47EnquiryRow[] = await this.reads.query(
      `SELECT e.* FROM section47_enquiry e JOIN child c ON c.authority_id = e.authority_id AND c.id = e.child_id
       WHERE e.authority_id = $1 AND e.strategy_discussion_id = ANY($2) ORDER BY c.case_reference`,
      [authorityId, discussionIds],
    );
    return rows.map(enquiryToRecord);
  }
}
