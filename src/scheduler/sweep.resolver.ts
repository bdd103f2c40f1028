import { Field, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/current-user.decorator';
import { CurrentUser } from '../auth/principal';
import { DeadlineSweepService } from './deadline-sweep.service';

@ObjectType('SweepResult', { description: "what one run of the deadline sweep did in the caller's authority" })
export class SweepResultType {
  @Field(() => Int)
  breachedStages: number;

  @Field(() => Int)
  autoEscalated: number;

  @Field(() => Int)
  overdueActions: number;

  @Field(() => Int, { description: 'inbox items sent to chairs for plans that started drifting' })
  driftAlerts: number;

  @Field(() => Int, {
    description: 'inbox items for conferences two working days away with an eligible child not offered an advocate',
  })
  advocacyGapAlerts: number;

  @Field(() => Int, {
    description:
      'inbox items about case audits: agreements overdue (service managers) and overdue audit actions (team managers)',
  })
  caseAuditAlerts: number;

  @Field(() => Int, { description: 'inbox items telling chairs that minutes were not distributed by their due date' })
  conferenceMinutesAlerts: number;
}

@Resolver()
export class SweepResolver {
  constructor(private readonly sweep: DeadlineSweepService) {}

  // The caller's authority only: an admin acts on their own tenant (the schedule covers all).
  @Mutation(() => SweepResultType, {
    description:
      "ADMIN. Runs the deadline sweep now for the caller's authority (it also runs on its own schedule for all)",
  })
  runDeadlineSweep(@Caller() user: CurrentUser): Promise<SweepResultType> {
    return this.sweep.sweep(user.authorityId);
  }
}
