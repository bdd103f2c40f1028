import { registerEnumType } from '@nestjs/graphql';

/** How a person hears of new inbox items by email (issue 16). */
export enum EmailMode {
  IMMEDIATE = 'IMMEDIATE',
  DAILY_DIGEST = 'DAILY_DIGEST',
}
registerEnumType(EmailMode, {
  name: 'EmailMode',
  description: 'IMMEDIATE: an email per inbox item; DAILY_DIGEST: one email at 08:00 on working days',
});
