import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printAppSchema } from '../src/graphql/schema-printer';

// npm run schema:print: regenerates schema.graphql from the code (CI fails when it is stale).
printAppSchema()
  .then((sdl) => {
    writeFileSync('schema.graphql', sdl);
    console.log('schema.graphql written');
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
