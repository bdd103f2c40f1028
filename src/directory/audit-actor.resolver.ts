import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEventType } from '../audit/audit.types';
import { DirectoryLoaders } from './directory.loaders';
import { StaffMemberType } from './directory.types';

/** AuditEvent.actor: the directory knows staff, so it resolves who acted (audit stays below the directory). */
@Resolver(() => AuditEventType)
export class AuditActorResolver {
  constructor(private readonly loaders: DirectoryLoaders) {}

  @ResolveField(() => StaffMemberType, { nullable: true })
  actor(@Parent() event: AuditEventType, @Context() ctx: object) {
    // what a compiled read primed, without a promise (issue 17); otherwise the loader
    return event.actorId ? this.loaders.staffNow(ctx, event.actorId) : null;
  }
}
