import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AdvocateOfferStatus } from './advocate-offer.machine';
import { ReadPool } from '../common/read-pool';

/** An advocate offer as recorded. */
export interface AdvocateOfferRecord {
  id: string;
  authorityId: string;
  childId: string;
  conferenceId: string | null;
  status: AdvocateOfferStatus;
  offeredOn: string;
  offeredById: string;
  respondedOn: string | null;
  declineReason: string | null;
  advocateName: string | null;
  allocatedOn: string | null;
  completedOn: string | null;
  withdrawnReason: string | null;
  version: number;
}

/** advocate_offer as SQL returns it (dates as 'YYYY-MM-DD'). */
interface AdvocateOfferRow {
  id: string;
  authority_id: string;
  child_id: string;
  conference_id: string | null;
  status: AdvocateOfferStatus;
  offered_on: string;
  offered_by_id: string;
  responded_on: string | null;
  decline_reason: string | null;
  advocate_name: string | null;
  allocated_on: string | null;
  completed_on: string | null;
  withdrawn_reason: string | null;
  version: number;
}

const toRecord = (r: AdvocateOfferRow): AdvocateOfferRecord => ({
  id: r.id,
  authorityId: r.authority_id,
  childId: r.child_id,
  conferenceId: r.conference_id,
  status: r.status,
  offeredOn: r.offered_on,
  offeredById: r.offered_by_id,
  respondedOn: r.responded_on,
  declineReason: r.decline_reason,
  advocateName: r.advocate_name,
  allocatedOn: r.allocated_on,
  completedOn: r.completed_on,
  withdrawnReason: r.withdrawn_reason,
  version: r.version,
});

const COLUMNS = `id, authority_id, child_id, conference_id, status, offered_on, offered_by_id, responded_on, decline_reason, advocate_name,
  allocated_on, completed_on, withdrawn_reason, version`;

/**
 * DOMAIN.md, "Advocacy": every child at or above the authority's age threshold who is the subject
 * of an initial (or transfer-in) conference is offered an advocate. A child's age is taken on the
 * conference's clock start (the strategy discussion, or the transfer notification or referral acceptance), the day the
 * conference is called for; records are often entered after the fact, so the row's creation
 * time would be wrong. An offer counts when it names the conference, or names no conference and
 * was made on or after the clock start. Unborn children are never eligible.
 */
const GAPS_SQL = `
  SELECT cc.conference_id, ch.id AS child_id, ch.social_worker_id, c.chair_id, c.scheduled_for
  FROM conference c
  JOIN authority a ON a.id = c.authority_id
  JOIN conference_child cc ON cc.authority_id = c.authority_id AND cc.conference_id = c.id
  JOIN child ch ON ch.authority_id = cc.authority_id AND ch.id = cc.child_id
  WHERE c.authority_id = $1 AND c.type IN ('INITIAL', 'TRANSFER_IN') AND c.status <> 'CANCELLED'
    AND ch.date_of_birth IS NOT NULL
    AND ch.date_of_birth <= c.clock_start - make_interval(years => a.advocate_age_threshold)
    AND NOT EXISTS (
      SELECT 1 FROM advocate_offer o
      WHERE o.authority_id = ch.authority_id AND o.child_id = ch.id AND (o.conference_id = c.id OR (o.conference_id IS NULL AND o.offered_on >= c.clock_start)))`;

/** An eligible child of a conference with no advocate offer on record. */
export interface AdvocacyGap {
  conferenceId: string;
  childId: string;
  socialWorkerId: string | null;
  chairId: string | null;
}

interface GapRow {
  conference_id: string;
  child_id: string;
  social_worker_id: string | null;
  chair_id: string | null;
}

const gapFromRow = (r: GapRow): AdvocacyGap => ({
  conferenceId: r.conference_id,
  childId: r.child_id,
  socialWorkerId: r.social_worker_id,
  chairId: r.chair_id,
});

/**
 * Every statement on advocate_offer. The gap rule and the offer-for-conference check read the
 * conference and child tables (joins, never writes) because the rule is advocacy's.
 */
@Injectable()
export class AdvocacyRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadPool,
  ) {}

  async hasOpenOffer(manager: EntityManager, authorityId: string, childId: string, scope: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      "SELECT id FROM advocate_offer WHERE child_id = $1 AND open_scope = $2 AND status IN ('OFFERED', 'ACCEPTED', 'ALLOCATED') AND authority_id = $3",
      [childId, scope, authorityId],
    );
    return rows.length > 0;
  }

  async insert(
    manager: EntityManager,
    o: {
      authorityId: string;
      childId: string;
      conferenceId: string | null;
      scope: string;
      offeredOn: string;
      offeredById: string;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO advocate_offer (authority_id, child_id, conference_id, open_scope, offered_on, offered_by_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [o.authorityId, o.childId, o.conferenceId, o.scope, o.offeredOn, o.offeredById],
    );
    return rows[0].id;
  }

  /** The offer with its child's team (for the write policy). */
  async findWithTeam(
    manager: EntityManager,
    authorityId: string,
    id: string,
  ): Promise<{ id: string; childId: string; status: AdvocateOfferStatus; offeredOn: string; teamId: string } | null> {
    const rows: { id: string; child_id: string; status: AdvocateOfferStatus; offered_on: string; team_id: string }[] =
      await manager.query(
        'SELECT o.id, o.child_id, o.status, o.offered_on, c.team_id FROM advocate_offer o JOIN child c ON c.authority_id = o.authority_id AND c.id = o.child_id WHERE o.id = $1 AND o.authority_id = $2',
        [id, authorityId],
      );
    const r = rows[0];
    return r ? { id: r.id, childId: r.child_id, status: r.status, offeredOn: r.offered_on, teamId: r.team_id } : null;
  }

  async findMany(authorityId: string, ids: readonly string[]): Promise<AdvocateOfferRecord[]> {
    const rows: AdvocateOfferRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM advocate_offer WHERE id = ANY($1) AND authority_id = $2`,
      [ids, authorityId],
    );
    return rows.map(toRecord);
  }

  /** Newest first. */
  async ofChildren(authorityId: string, childIds: readonly string[]): Promise<AdvocateOfferRecord[]> {
    const rows: AdvocateOfferRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM advocate_offer WHERE child_id = ANY($1) AND authority_id = $2 ORDER BY offered_on DESC, created_at DESC`,
      [childIds, authorityId],
    );
    return rows.map(toRecord);
  }

  async ofConferences(authorityId: string, conferenceIds: readonly string[]): Promise<AdvocateOfferRecord[]> {
    const rows: AdvocateOfferRow[] = await this.reads.query(
      `SELECT ${COLUMNS} FROM advocate_offer WHERE conference_id = ANY($1) AND authority_id = $2 ORDER BY offered_on`,
      [conferenceIds, authorityId],
    );
    return rows.map(toRecord);
  }

  /** Of the (conference, child) pairs, those with an offer on record for that conference, as `${conferenceId}:${childId}`. */
  async offeredPairs(authorityId: string, pairs: [string, string][]): Promise<Set<string>> {
    const rows: { key: string }[] = await this.reads.query(
      `SELECT DISTINCT k.conference_id || ':' || k.child_id AS key
       FROM unnest($1::uuid[], $2::uuid[]) AS k(conference_id, child_id)
       JOIN conference c ON c.id = k.conference_id AND c.authority_id = $3
       JOIN advocate_offer o ON o.authority_id = c.authority_id AND o.child_id = k.child_id
         AND (o.conference_id = c.id OR (o.conference_id IS NULL AND o.offered_on >= c.clock_start AND o.offered_on <= coalesce(c.held_on, o.offered_on)))`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), authorityId],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** Eligible children with no offer on record, for the given conferences. */
  async gapsOfConferences(authorityId: string, conferenceIds: readonly string[]): Promise<AdvocacyGap[]> {
    const rows: GapRow[] = await this.reads.query(`${GAPS_SQL} AND c.id = ANY($2) ORDER BY ch.name`, [
      authorityId,
      conferenceIds,
    ]);
    return rows.map(gapFromRow);
  }

  /** Gaps of scheduled conferences held (London date) between `from` and `to`, with the child's name. */
  async upcomingGaps(
    manager: EntityManager,
    authorityId: string,
    from: string,
    to: string,
  ): Promise<(AdvocacyGap & { heldDate: string; childName: string })[]> {
    const rows: (GapRow & { held_date: string; child_name: string })[] = await manager.query(
      `SELECT g.*, (g.scheduled_for AT TIME ZONE 'Europe/London')::date::text AS held_date, ch.name AS child_name
       FROM (${GAPS_SQL} AND c.status = 'SCHEDULED') g JOIN child ch ON ch.authority_id = $1 AND ch.id = g.child_id
       WHERE (g.scheduled_for AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date`,
      [authorityId, from, to],
    );
    return rows.map((r) => ({ ...gapFromRow(r), heldDate: r.held_date, childName: r.child_name }));
  }

  /** Authorities with a scheduled conference that may still have a gap (the sweep's list). */
  async authoritiesWithScheduledConferences(): Promise<string[]> {
    const rows: { authority_id: string }[] = await this.reads.query(
      "SELECT DISTINCT authority_id FROM conference WHERE status = 'SCHEDULED' AND type IN ('INITIAL', 'TRANSFER_IN')",
    );
    return rows.map((r) => r.authority_id);
  }
}
