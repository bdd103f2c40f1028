import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { CORE_MODULES, FEATURE_MODULES } from '../feature-modules';

// @nestjs/graphql marks every @Resolver() class with this (not exported from its package entry).
const RESOLVER_CLASS_MARKER = '__entryProvider__';

/** Every resolver class the application registers, read from the modules' own metadata. */
export function allResolvers(): Type[] {
  const providers = [...CORE_MODULES, ...FEATURE_MODULES].flatMap(
    (m) => (Reflect.getMetadata('providers', m) ?? []) as Type[],
  );
  return providers.filter((p) => typeof p === 'function' && Reflect.hasMetadata(RESOLVER_CLASS_MARKER, p));
}

/** The schema as the app serves it, sorted and printed, without a database or a server. */
export async function printAppSchema(): Promise<string> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await context.get(GraphQLSchemaFactory).create(allResolvers());
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await context.close();
  }
}
