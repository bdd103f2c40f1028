import { FieldProblem } from '../common/errors';

/**
 * Issue 14: the local procedure values that differ between safeguarding partnerships (DOMAIN.md,
 * "Statutory timescales"). Each conference captures them when it is requested, so a later change
 * applies to new conferences only and never moves an existing conference's or plan's dates.
 */
export type TransferInClockStart = 'NOTIFICATION' | 'REFERRAL_ACCEPTED';
export const TRANSFER_IN_CLOCK_STARTS: readonly TransferInClockStart[] = ['NOTIFICATION', 'REFERRAL_ACCEPTED'];

export interface ProcedureSettings {
  /** the first review of a pre-birth plan is due within this many working days of the birth (if sooner than 3 months) */
  preBirthReviewWorkingDays: number;
  /** the event the transfer-in conference's 15 working days run from */
  transferInClockStart: TransferInClockStart;
}

/** DOMAIN.md's defaults: 10 working days after the birth; the clock starts at the notification of the move. */
export const DEFAULT_PROCEDURE_SETTINGS: ProcedureSettings = {
  preBirthReviewWorkingDays: 10,
  transferInClockStart: 'NOTIFICATION',
};

/**
 * 1 to 65 working days: partnerships use 10 days, 20 working days or 4 weeks; 65 working days is
 * about 3 calendar months, beyond which the 3-month first review always comes first.
 */
export const PRE_BIRTH_REVIEW_WORKING_DAYS = { min: 1, max: 65 } as const;

/** The problems of a proposed change, one per field (the migration's CHECKs say the same). */
export function procedureSettingsProblems(change: Partial<ProcedureSettings>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const days = change.preBirthReviewWorkingDays;
  if (
    days !== undefined &&
    (!Number.isSafeInteger(days) ||
      days < PRE_BIRTH_REVIEW_WORKING_DAYS.min ||
      days > PRE_BIRTH_REVIEW_WORKING_DAYS.max)
  ) {
    problems.push({
      field: 'preBirthReviewWorkingDays',
      message: `must be a whole number of working days from ${PRE_BIRTH_REVIEW_WORKING_DAYS.min} to ${PRE_BIRTH_REVIEW_WORKING_DAYS.max} (about 3 months, when the 3-month first review always comes first); got ${days}`,
    });
  }
  const start = change.transferInClockStart;
  if (start !== undefined && !TRANSFER_IN_CLOCK_STARTS.includes(start)) {
    problems.push({ field: 'transferInClockStart', message: `must be ${TRANSFER_IN_CLOCK_STARTS.join(' or ')}` });
  }
  return problems;
}

/** What a transfer-in request's dates must satisfy under the authority's clock start; the clock start date, or the problems. */
export function transferInClockStartDate(
  rule: TransferInClockStart,
  input: { transferNotifiedOn: string; referralAcceptedOn?: string | null },
  today: string,
): { clockStart: string; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const { transferNotifiedOn, referralAcceptedOn } = input;
  if (transferNotifiedOn > today) problems.push({ field: 'transferNotifiedOn', message: 'must not be in the future' });
  if (referralAcceptedOn != null) {
    if (referralAcceptedOn > today)
      problems.push({ field: 'referralAcceptedOn', message: 'must not be in the future' });
    if (referralAcceptedOn < transferNotifiedOn) {
      problems.push({
        field: 'referralAcceptedOn',
        message: `must not be before the notification of the move, ${transferNotifiedOn}: the referral follows it`,
      });
    }
  } else if (rule === 'REFERRAL_ACCEPTED') {
    problems.push({
      field: 'referralAcceptedOn',
      message:
        "is required: your authority starts the transfer-in conference's 15 working days when the referral is accepted",
    });
  }
  return {
    clockStart: rule === 'REFERRAL_ACCEPTED' && referralAcceptedOn ? referralAcceptedOn : transferNotifiedOn,
    problems,
  };
}
