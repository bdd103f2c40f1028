import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { addCalendarMonths, compareDates } from '../calendar/working-calendar';
import { badField, forbidden } from '../common/errors';
import { AuthoritySettingsService } from '../directory/authority-settings.service';
import { caseAuditsByGrade } from '../case-audits/case-audit.measures';
import { ICPC_BANDS } from '../section47/section47.measures';
import { agencyAttendance } from '../conferences/conference-attendance.measures';
import { nonWorkingWeekdays } from './non-working-days';
import { MeasureRow, PerformanceGrouping, performanceSql } from './performance.sql';
import { ChairPerformanceType, PerformanceSummaryType, ratio, TeamPerformanceType } from './performance.types';

// Escalations resolved in the period may have been raised long before it: the SQL calendar
// reaches back this far (an older one only loses its bank holidays, and is late anyway).
const CALENDAR_LOOKBACK_MONTHS = 36;
const MAX_PERIOD_MONTHS = 120;

type Measures = Map<string, MeasureRow>;

/** performance, performanceByTeam, performanceByChair: one SQL statement each (performance.sql.ts). */
@Injectable()
export class PerformanceService {
  constructor(
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly settings: AuthoritySettingsService,
  ) {}

  async summary(user: CurrentUser, from: string, to: string, teamId: string | null): Promise<PerformanceSummaryType> {
    checkPeriod(from, to);
    const scope = this.policy.teamScope(user);
    // Team staff see their own team's figures: asked for none, they get their team's (as lists do).
    const team = teamId ?? (scope.all ? null : scope.teamId);
    if (!scope.all && !team) throw forbidden('You belong to no team, so there is no team to report on');
    if (team) {
      await this.policy.assertTeamFilter(user, team);
    }
    const rows = await this.measure(user.authorityId, from, to, team, 'authority');
    return summaryOf(from, to, team, index(rows));
  }

  async byTeam(user: CurrentUser, from: string, to: string): Promise<TeamPerformanceType[]> {
    checkPeriod(from, to);
    const [rows, teams] = await Promise.all([
      this.measure(user.authorityId, from, to, null, 'team'),
      this.dataSource.query('SELECT id FROM team WHERE authority_id = $1 ORDER BY name', [user.authorityId]) as Promise<
        { id: string }[]
      >,
    ]);
    const byKey = group(rows);
    return teams.map((t) => ({ teamId: t.id, performance: summaryOf(from, to, t.id, byKey.get(t.id) ?? new Map()) }));
  }

  async byChair(user: CurrentUser, from: string, to: string): Promise<ChairPerformanceType[]> {
    checkPeriod(from, to);
    const [rows, chairs] = await Promise.all([
      this.measure(user.authorityId, from, to, null, 'chair'),
      this.dataSource.query(
        "SELECT id FROM staff_member WHERE authority_id = $1 AND 'CHAIR' = ANY(roles) ORDER BY name, id",
        [user.authorityId],
      ) as Promise<{ id: string }[]>,
    ]);
    const byKey = group(rows);
    // Someone who chaired in the period but no longer holds the role still answers for it.
    const ids = [...chairs.map((c) => c.id), ...[...byKey.keys()].filter((k) => !chairs.some((c) => c.id === k))];
    return ids.map((chairId) => {
      const s = summaryOf(from, to, null, byKey.get(chairId) ?? new Map());
      return {
        chairId,
        from,
        to,
        initialConferencesWithin15WorkingDays: s.initialConferencesWithin15WorkingDays,
        initialConferenceDurations: s.initialConferenceDurations,
        reviewConferencesOnTime: s.reviewConferencesOnTime,
        firstCoreGroupsWithin10WorkingDays: s.firstCoreGroupsWithin10WorkingDays,
        childrenParticipating: s.childrenParticipating,
        eligibleChildrenOfferedAdvocate: s.eligibleChildrenOfferedAdvocate,
        escalationsRaised: s.escalationsRaised,
        escalationsByHighestStage: s.escalationsByHighestStage,
        escalationsResolvedWithinTimescale: s.escalationsResolvedWithinTimescale,
        stageBreaches: s.stageBreaches,
        conversationsRecorded: s.conversationsRecorded,
        conversationsWithOpenActions: s.conversationsWithOpenActions,
        caseAuditsByGrade: s.caseAuditsByGrade,
        caseAuditActionsCompletedOnTime: s.caseAuditActionsCompletedOnTime,
        caseAuditsWithOverdueFollowUp: s.caseAuditsWithOverdueFollowUp,
        conferencesQuorate: s.conferencesQuorate,
        agencyAttendance: s.agencyAttendance,
        reportsSharedOnTime: s.reportsSharedOnTime,
        minutesDistributedOnTime: s.minutesDistributedOnTime,
      };
    });
  }

  private async measure(
    authorityId: string,
    from: string,
    to: string,
    teamId: string | null,
    by: PerformanceGrouping,
  ): Promise<MeasureRow[]> {
    const settings = await this.settings.get(authorityId);
    const holidays = nonWorkingWeekdays(addCalendarMonths(from, -CALENDAR_LOOKBACK_MONTHS), to, settings.closureDays);
    const wholeProcess = (settings.stageResponseWorkingDays ?? [5, 5, 5, 5]).reduce((a, b) => a + b, 0);
    return this.dataSource.query(performanceSql(by), [
      authorityId,
      from,
      to,
      this.clock.today(),
      holidays,
      teamId,
      wholeProcess,
    ]);
  }
}

function checkPeriod(from: string, to: string): void {
  if (compareDates(from, to) > 0) throw badField('to', 'must be on or after from');
  if (compareDates(to, addCalendarMonths(from, MAX_PERIOD_MONTHS)) > 0)
    throw badField('to', `must be within ${MAX_PERIOD_MONTHS / 12} years of from`);
}

const index = (rows: MeasureRow[]): Measures => new Map(rows.map((r) => [r.m, r]));

function group(rows: MeasureRow[]): Map<string, Measures> {
  const out = new Map<string, Measures>();
  for (const r of rows) {
    if (!r.key) continue;
    if (!out.has(r.key)) out.set(r.key, new Map());
    out.get(r.key)!.set(r.m, r);
  }
  return out;
}

function summaryOf(from: string, to: string, teamId: string | null, m: Measures): PerformanceSummaryType {
  const r = (name: string) => ratio(m.get(name)?.num ?? 0, m.get(name)?.den ?? 0);
  const count = (name: string) => m.get(name)?.den ?? 0;
  const byStage = [1, 2, 3, 4].map((s) => count(`stage${s}`));
  const median = m.get('resolved')?.median;
  const icpcMedian = m.get('icpc')?.median;
  return {
    from,
    to,
    teamId,
    initialConferencesWithin15WorkingDays: r('icpc'),
    initialConferenceDurations: {
      bands: ICPC_BANDS.map(count),
      median: icpcMedian == null ? null : Number(icpcMedian),
    },
    reviewConferencesOnTime: r('review'),
    plansSecondOrSubsequent: r('cpp_repeat'),
    plansLastingTwoYearsOrMore: r('cpp_2y'),
    plansReviewedWithinTimescale: r('cpp_reviewed'),
    firstCoreGroupsWithin10WorkingDays: r('core'),
    childrenParticipating: r('participation'),
    eligibleChildrenOfferedAdvocate: r('offered'),
    advocateTakeUp: r('takeup'),
    escalationsRaised: byStage.reduce((a, b) => a + b, 0),
    escalationsByHighestStage: byStage,
    escalationsResolvedWithinTimescale: r('resolved'),
    medianWorkingDaysToResolution: median == null ? null : Number(median),
    stageBreaches: count('breach'),
    actionsOverdue: count('overdue'),
    actionsCompletedOnTime: r('completed'),
    conversationsRecorded: count('conversations'),
    conversationsWithOpenActions: m.get('conversations')?.num ?? 0,
    caseAuditsByGrade: caseAuditsByGrade(count),
    caseAuditActionsCompletedOnTime: r('ca_completed'),
    caseAuditsWithOverdueFollowUp: count('ca_overdue'),
    conferencesQuorate: r('quorate'),
    agencyAttendance: agencyAttendance((name) => m.get(name)),
    reportsSharedOnTime: r('report_on_time'),
    minutesDistributedOnTime: r('minutes_on_time'),
  };
}
