import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { unauthenticated } from '../common/errors';
import { CurrentUser } from './principal';

/** The caller resolved by AuthGuard. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): CurrentUser => {
  const user =
    context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ user?: CurrentUser }>().user
      : context.switchToHttp().getRequest<{ user?: CurrentUser }>().user;
  if (!user) throw unauthenticated();
  return user;
});
