import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional } from 'class-validator';
import { PRE_BIRTH_REVIEW_WORKING_DAYS } from './authority-procedure-settings';

export enum TransferInClockStartEnum {
  NOTIFICATION = 'NOTIFICATION',
  REFERRAL_ACCEPTED = 'REFERRAL_ACCEPTED',
}
registerEnumType(TransferInClockStartEnum, {
  name: 'TransferInClockStart',
  description: "what a transfer-in conference's 15 working days run from (local procedure)",
  valuesMap: {
    NOTIFICATION: { description: 'the receiving authority was notified of the move (the default)' },
    REFERRAL_ACCEPTED: {
      description:
        'the receiving authority accepted the referral: requestTransferInConference then requires referralAcceptedOn',
    },
  },
});

const INTERVAL = `the first review of a plan started before the child's birth is due by the sooner of 3 months after the ICPC and this many working days after the birth (${PRE_BIRTH_REVIEW_WORKING_DAYS.min} to ${PRE_BIRTH_REVIEW_WORKING_DAYS.max}; default 10)`;

@ObjectType('AuthorityProcedureSettings', {
  description:
    "The caller's authority's local procedure values where safeguarding partnerships differ. A conference keeps the values in force when it was requested (its reviews and a reconvened conference inherit them): a change applies to conferences requested afterwards only.",
})
export class AuthorityProcedureSettingsType {
  /** the authority's id, for history */
  authorityId: string;

  @Field(() => Int, { description: INTERVAL })
  preBirthReviewWorkingDays: number;

  @Field(() => TransferInClockStartEnum, {
    description: "what a transfer-in conference's 15 working days run from (default NOTIFICATION)",
  })
  transferInClockStart: TransferInClockStartEnum;
}

@InputType()
export class UpdateAuthorityProcedureSettingsInput {
  @Field(() => Int, { nullable: true, description: `${INTERVAL}; unchanged when omitted` })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of working days' })
  preBirthReviewWorkingDays?: number | null;

  @Field(() => TransferInClockStartEnum, { nullable: true, description: 'unchanged when omitted' })
  @IsOptional()
  transferInClockStart?: TransferInClockStartEnum | null;
}
