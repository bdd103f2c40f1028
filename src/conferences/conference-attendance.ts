import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { IsoDate } from '../calendar/working-calendar';
import { FieldProblem } from '../common/errors';
import { AuthoritySettings } from '../directory/authority-settings.service';

/** Issue 18: the agencies at a multi-agency conference (DOMAIN.md "Multi-agency conferences"). */
export enum Agency {
  CHILDRENS_SOCIAL_CARE = 'CHILDRENS_SOCIAL_CARE',
  POLICE = 'POLICE',
  HEALTH = 'HEALTH',
  EDUCATION = 'EDUCATION',
  PROBATION = 'PROBATION',
  HOUSING = 'HOUSING',
  ADULT_MENTAL_HEALTH = 'ADULT_MENTAL_HEALTH',
  SUBSTANCE_MISUSE = 'SUBSTANCE_MISUSE',
  OTHER = 'OTHER',
}
registerEnumType(Agency, { name: 'Agency' });

@InputType()
export class AgencyAttendanceInput {
  @Field(() => Agency)
  @IsEnum(Agency, { message: 'must be an agency' })
  agency: Agency;

  @Field(() => Boolean)
  @IsBoolean()
  attended: boolean;

  @Field(() => Boolean, { nullable: true, description: "the agency's written report reached the conference" })
  @IsOptional()
  @IsBoolean()
  reportReceived?: boolean | null;
}

@ObjectType('AgencyAttendance')
export class AgencyAttendanceType {
  @Field(() => Agency)
  agency: Agency;

  @Field(() => Boolean)
  attended: boolean;

  @Field(() => Boolean, { nullable: true })
  reportReceived: boolean | null;
}

@ObjectType('AgencyAttendanceRate')
export class AgencyAttendanceRateType {
  @Field(() => Agency)
  agency: Agency;

  @Field(() => Int, { description: 'conferences whose attendance names this agency' })
  invited: number;

  @Field(() => Int)
  attended: number;
}

export type AttendanceRecord = { agency: string; attended: boolean; reportReceived: boolean | null };

/** Quorate: children's social care and at least `others` other agencies attended; null when nothing was recorded. */
export function isQuorate(attendance: AttendanceRecord[] | null | undefined, others: number): boolean | null {
  if (!attendance?.length) return null;
  const came = attendance.filter((a) => a.attended).map((a) => a.agency);
  return (
    came.includes(Agency.CHILDRENS_SOCIAL_CARE) &&
    came.filter((a) => a !== Agency.CHILDRENS_SOCIAL_CARE).length >= others
  );
}

export function attendanceProblems(attendance: AgencyAttendanceInput[] | null | undefined): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  (attendance ?? []).forEach((a, i) => {
    if (seen.has(a.agency)) problems.push({ field: `attendance.${i}.agency`, message: 'appears more than once' });
    seen.add(a.agency);
  });
  return problems;
}

/** The family's report is due by the n-th working day before the scheduled date (mirroring addWorkingDays). */
export function reportSharedDueBy(settings: AuthoritySettings, type: string, scheduledOn: IsoDate): IsoDate {
  const n =
    type === 'REVIEW' ? settings.conferences.reportReviewWorkingDays : settings.conferences.reportIcpcWorkingDays;
  return settings.calendar.addWorkingDays(scheduledOn, -n);
}

export function minutesDueBy(settings: AuthoritySettings, heldOn: IsoDate): IsoDate {
  return settings.calendar.addWorkingDays(heldOn, settings.conferences.minutesWorkingDays);
}
