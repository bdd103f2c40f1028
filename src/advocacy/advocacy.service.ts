import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CurrentUser } from '../auth/principal';
import { PolicyService } from '../auth/policy.service';
import { Clock } from '../clock/clock';
import { badField, badInput, notFound } from '../common/errors';
import { ConferenceRepository } from '../conferences/conference.repository';
import { DirectoryService } from '../directory/directory.service';
import { CommandRunner } from '../idempotency/command-runner';
import { WorkflowService } from '../workflow/workflow.service';
import { advocateOfferMachine } from './advocate-offer.machine';
import { AdvocacyRepository } from './advocacy.repository';
import { AdvocateResponseInput, OfferAdvocateInput } from './advocacy.types';

type OfferWithTeam = NonNullable<Awaited<ReturnType<AdvocacyRepository['findWithTeam']>>>;

/** Offers of an independent advocate (DOMAIN.md, "Advocacy"), through the one workflow engine. */
@Injectable()
export class AdvocacyService {
  constructor(
    private readonly clock: Clock,
    private readonly offers: AdvocacyRepository,
    private readonly commands: CommandRunner,
    private readonly workflow: WorkflowService,
    private readonly policy: PolicyService,
    private readonly directory: DirectoryService,
    private readonly conferences: ConferenceRepository,
  ) {}

  async offer(user: CurrentUser, input: OfferAdvocateInput, idempotencyKey: string | null): Promise<string> {
    if (input.offeredOn > this.clock.today()) throw badField('offeredOn', 'must not be in the future');
    return this.commands.run({ user, operation: 'offerAdvocate', input, idempotencyKey }, async (manager) => {
      // Locked: offers for one child are serialised, so that the one-open-offer rule holds under concurrency.
      const child = await this.directory.childOfAuthority(manager, user, input.childId, {
        field: 'childId',
        lock: true,
      });
      this.policy.assertCanWriteForTeam(user, child.teamId, 'offerAdvocate');
      if (input.conferenceId) await this.assertConferenceOfChild(manager, user, input.conferenceId, child.id);
      const scope = input.conferenceId ?? child.id;
      if (await this.offers.hasOpenOffer(manager, user.authorityId, child.id, scope))
        throw badField(
          input.conferenceId ? 'conferenceId' : 'childId',
          'this child already has an open advocate offer for this conference',
        );
      const id = await this.offers.insert(manager, {
        authorityId: user.authorityId,
        childId: child.id,
        conferenceId: input.conferenceId ?? null,
        scope,
        offeredOn: input.offeredOn,
        offeredById: user.staffId,
      });
      await this.workflow.created(manager, advocateOfferMachine, {
        id,
        authorityId: user.authorityId,
        actorId: user.staffId,
        details: { childId: child.id, conferenceId: input.conferenceId ?? null, offeredOn: input.offeredOn },
      });
      return id;
    });
  }

  async respond(user: CurrentUser, input: AdvocateResponseInput): Promise<string> {
    if (!input.accepted && !input.declineReason)
      throw badField('declineReason', 'is required when the offer is declined');
    if (input.accepted && input.declineReason) throw badField('declineReason', 'is only for a declined offer');
    if (input.respondedOn > this.clock.today()) throw badField('respondedOn', 'must not be in the future');
    return this.change(
      user,
      input.offerId,
      input.accepted ? 'accept' : 'decline',
      input.expectedVersion,
      async (manager, offer) => {
        if (input.respondedOn < offer.offeredOn) throw badField('respondedOn', 'must not be before the offer was made');
        return {
          set: { responded_on: input.respondedOn, decline_reason: input.declineReason ?? null },
          reason: input.declineReason ?? null,
          details: { respondedOn: input.respondedOn },
        };
      },
    );
  }

  allocate(
    user: CurrentUser,
    offerId: string,
    advocateName: string,
    allocatedOn: string | null,
    expectedVersion?: number | null,
  ): Promise<string> {
    const on = allocatedOn ?? this.clock.today();
    if (on > this.clock.today()) throw badField('allocatedOn', 'must not be in the future');
    return this.change(user, offerId, 'allocate', expectedVersion, async () => ({
      set: { advocate_name: advocateName, allocated_on: on },
      details: { advocateName, allocatedOn: on },
    }));
  }

  complete(user: CurrentUser, offerId: string, completedOn: string, expectedVersion?: number | null): Promise<string> {
    if (completedOn > this.clock.today()) throw badField('completedOn', 'must not be in the future');
    return this.change(user, offerId, 'complete', expectedVersion, async (_m, offer) => {
      if (completedOn < offer.offeredOn) throw badField('completedOn', 'must not be before the offer was made');
      return { set: { completed_on: completedOn }, details: { completedOn } };
    });
  }

  withdraw(user: CurrentUser, offerId: string, reason: string, expectedVersion?: number | null): Promise<string> {
    return this.change(user, offerId, 'withdraw', expectedVersion, async () => ({
      set: { withdrawn_reason: reason },
      reason,
    }));
  }

  private change(
    user: CurrentUser,
    offerId: string,
    operation: keyof typeof advocateOfferMachine.transitions,
    expectedVersion: number | null | undefined,
    prepare: (
      manager: EntityManager,
      offer: OfferWithTeam,
    ) => Promise<{ set: Record<string, unknown>; reason?: string | null; details?: Record<string, unknown> }>,
  ): Promise<string> {
    return this.commands.run({ user, operation, input: { offerId } }, async (manager) => {
      const offer = await this.writableOffer(manager, user, offerId, operation);
      const { set, reason, details } = await prepare(manager, offer);
      await this.workflow.transition(manager, advocateOfferMachine, {
        id: offerId,
        authorityId: user.authorityId,
        operation,
        actorId: user.staffId,
        expectedVersion,
        set,
        reason,
        details,
      });
      return offerId;
    });
  }

  private async writableOffer(
    manager: EntityManager,
    user: CurrentUser,
    offerId: string,
    operation: string,
  ): Promise<OfferWithTeam> {
    const offer = await this.offers.findWithTeam(manager, user.authorityId, offerId);
    if (!offer) throw notFound('AdvocateOffer', offerId);
    this.policy.assertCanWriteForTeam(user, offer.teamId, operation);
    return offer;
  }

  private async assertConferenceOfChild(
    manager: EntityManager,
    user: CurrentUser,
    conferenceId: string,
    childId: string,
  ): Promise<void> {
    if ((await this.conferences.coversChild(manager, user.authorityId, conferenceId, childId)) !== true)
      throw badInput([{ field: 'conferenceId', message: 'is not a conference of this child in your authority' }]);
  }
}
