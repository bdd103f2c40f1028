// The intended architecture, checked in CI (`npm run depcruise`); drawn in docs/architecture.md.
const DOMAIN = '^src/(actions|advocacy|conferences|conversations|core-groups|directory|escalations|plans)/';
// Read models read any table and never write one; nothing in the domain may depend on them.
// src/inbox is the inbox reader only; the inbox writer and the outbox live in src/notifications.
const READ_MODELS = '^src/(reporting|census|exports|inbox)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders under src/ form a layered graph: a folder may not depend on one that depends back on it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-not-to-read-models',
      comment: 'Read models (reporting, census, exports, the inbox reader) sit on top of the domain, never under it.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: READ_MODELS },
    },
    {
      name: 'calendar-is-pure',
      comment: 'Working days and statutory timescales are pure functions: no database, no framework, no other folder.',
      severity: 'error',
      from: { path: '^src/calendar/' },
      to: { pathNot: '^src/calendar/|^node_modules/date-holidays/' },
    },
    {
      name: 'workflow-knows-no-domain',
      comment: 'The engine applies any machine; it imports no domain module, read model or scheduler.',
      severity: 'error',
      from: { path: '^src/workflow/' },
      to: { path: `${DOMAIN}|${READ_MODELS}|^src/(scheduler|inbox|auth)/` },
    },
    {
      name: 'resolvers-not-to-database',
      comment: 'Resolvers map arguments to a service call; SQL lives in repositories.',
      severity: 'error',
      from: { path: '\\.resolver\\.ts$' },
      to: { path: '^node_modules/(typeorm|pg)/' },
    },
    {
      name: 'import-is-entry-level',
      comment:
        'The bulk import (src/import) is an entry-level part: only the entry files and dev may use it (its entity is listed with the others).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(import|dev)/|^src/[^/]+\\.ts$' },
      to: { path: '^src/import/', pathNot: '\\.entity\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
