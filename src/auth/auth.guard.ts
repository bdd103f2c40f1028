import { CanActivate, ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { forbidden } from '../common/errors';
import { clearLoaders } from '../common/loaders';
import { CallerDirectory } from './caller-directory';
import { CurrentUser, Principal } from './principal';
import { TokenVerifier } from './token-verifier';
import { scopeToAuthority } from '../common/authority-scope';
import { allowedByRole, OPERATION_POLICY } from './operation-policy';

export const PUBLIC_ROUTE = 'publicRoute';
/** Marks an HTTP route (health) that needs no token. GraphQL has none. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

interface AuthContext {
  req?: { headers: Record<string, string | string[] | undefined>; user?: CurrentUser };
  principal?: Principal;
  /** a WebSocket's session (graphql/ws-sessions.ts): the token's principal as it is now */
  wsSession?: { principal(): Promise<Principal> };
  userPromise?: Promise<CurrentUser>;
  user?: CurrentUser;
}

/**
 * Every GraphQL operation and every non-public HTTP route needs a verified bearer token; the
 * caller's staff member is resolved (created on first sight) once per request, and the root
 * operation's role rule from OPERATION_POLICY is enforced here, in one place.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger('Authorization');

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly directory: CallerDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      const ctx = gql.getContext<AuthContext>();
      const user = await this.userFor(ctx);
      const info = gql.getInfo<{ parentType: { name: string }; fieldName: string }>();
      const operation = `${info.parentType.name}.${info.fieldName}`;
      if (!allowedByRole(OPERATION_POLICY[operation], user.roles)) {
        if (info.parentType.name === 'Mutation')
          this.log.warn({ actor: user.staffId, operation, roles: user.roles }, 'write refused by role');
        throw forbidden(`Your roles do not allow ${info.fieldName}`);
      }
      if (info.parentType.name === 'Mutation') clearLoaders(ctx);
      return true;
    }
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<NonNullable<AuthContext['req']>>();
    const header = req.headers.authorization;
    req.user = await this.directory.resolveCaller(
      await this.verifier.verifyBearer(Array.isArray(header) ? header[0] : header),
    );
    scopeToAuthority(req.user.authorityId);
    return true;
  }

  private userFor(ctx: AuthContext): Promise<CurrentUser> {
    if (!ctx.userPromise) {
      ctx.userPromise = (async () => {
        const header = ctx.req?.headers?.authorization;
        // On a socket, the token's validity now, not when the socket opened.
        const principal = ctx.wsSession
          ? await ctx.wsSession.principal()
          : (ctx.principal ?? (await this.verifier.verifyBearer(Array.isArray(header) ? header[0] : header)));
        const user = await this.directory.resolveCaller(principal);
        scopeToAuthority(user.authorityId);
        ctx.user = user;
        return user;
      })();
    }
    return ctx.userPromise;
  }
}
