import 'reflect-metadata';
import { Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Args, Field, GraphQLModule, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { benchPool, readItems } from './bench-data';

export type NestDriver = 'mercurius' | 'apollo';

const POOL = Symbol('pool');

@ObjectType('Item')
class ItemType {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => String) code: string;
  @Field(() => Int) amount: number;
  @Field(() => String) createdAt: string;
}

@Resolver(() => ItemType)
class ItemResolver {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Query(() => [ItemType])
  items(@Args('first', { type: () => Int, defaultValue: 50 }) first: number) {
    return readItems(this.pool, first);
  }
}

/** The driver's GraphQL module, configured as the service would (Mercurius with JIT). */
function graphqlModule(driver: NestDriver) {
  if (driver === 'mercurius') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the chosen driver is loaded
    const { MercuriusDriver } = require('@nestjs/mercurius');
    return GraphQLModule.forRoot({
      driver: MercuriusDriver,
      autoSchemaFile: true,
      path: '/graphql',
      graphiql: false,
      jit: 1,
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the chosen driver is loaded
  const { ApolloDriver } = require('@nestjs/apollo');
  return GraphQLModule.forRoot({ driver: ApolloDriver, autoSchemaFile: true, path: '/graphql', playground: false });
}

/** A tiny Nest 11 + Fastify app with one database-backed query, on the given driver. */
export async function startNestBenchApp(
  driver: NestDriver,
  databaseUrl: string,
): Promise<{ port: number; close(): Promise<void> }> {
  const pool = benchPool(databaseUrl);

  @Module({ imports: [graphqlModule(driver)], providers: [ItemResolver, { provide: POOL, useValue: pool }] })
  class BenchModule {}

  const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    port,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
