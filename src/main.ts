import 'reflect-metadata';
import { createApp, ensureDevSecret } from './bootstrap';
import { EnvValidationError, validateEnv } from './config/env';
import { resolveDatabaseUrl } from './database/database-url';
import { seedDemoIfEmpty } from './dev/demo-seed';
import { printDevTokens } from './dev/dev-tokens';

async function main(): Promise<void> {
  ensureDevSecret();
  const env = validateEnv(process.env);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const { url } = await resolveDatabaseUrl(env, say);
  const app = await createApp({ databaseUrl: url });
  await seedDemoIfEmpty(app, env, say);
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  say(
    `\nGraphQL: http://localhost:${env.PORT}/graphql${env.NODE_ENV !== 'production' ? `   GraphiQL: http://localhost:${env.PORT}/graphiql` : ''}`,
  );
  if (env.NODE_ENV !== 'production' && env.AUTH_DEV_SECRET) await printDevTokens(env.AUTH_DEV_SECRET, say);
}

main().catch((error: unknown) => {
  if (error instanceof EnvValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`The service could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
