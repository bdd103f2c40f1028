import { Type } from '@nestjs/common';
import { Field, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { badField } from './errors';

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/** `first` defaults to 20, at most 100 (CONTRACT.md). */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw badField('first', `must be between 1 and ${MAX_PAGE}`);
  return first;
}

/** Cursors are opaque to clients: base64url of the keyset position. */
export function encodeCursor(position: (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (cursor == null || cursor === '') return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === arity &&
      value.every((v) => typeof v === 'string' || typeof v === 'number')
    )
      return value;
  } catch {
    // fall through
  }
  throw badField('after', 'is not a cursor from this list');
}

/** Turns rows fetched with LIMIT n+1 into edges and page info. */
export function connection<R, N>(
  rows: R[],
  size: number,
  toNode: (row: R) => N,
  positionOf: (row: R) => (string | number)[],
) {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ cursor: encodeCursor(positionOf(row)), node: toNode(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/** A page whose `totalCount` is counted only when a client selects it (issue 17). */
export interface CountedPage {
  count(): Promise<number>;
}

/**
 * The resolver of a connection's `totalCount`: it runs the page's count, so a page that does not
 * select `totalCount` runs no count statement. One per connection type: `lazyTotalCount(XConnection)`.
 */
export function lazyTotalCount(connection: Type): Type {
  @Resolver(() => connection)
  class LazyTotalCountResolver {
    @ResolveField(() => Int)
    totalCount(@Parent() page: CountedPage): Promise<number> {
      return page.count();
    }
  }
  Object.defineProperty(LazyTotalCountResolver, 'name', { value: `${connection.name}TotalCountResolver` });
  return LazyTotalCountResolver;
}
