import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateMachinesMarkdown } from '../src/workflow/machine-files';

export { stateMachinesMarkdown };

export const STATE_MACHINES_DOC = join(__dirname, '..', 'docs', 'state-machines.md');

// npm run diagrams: regenerates docs/state-machines.md from every *.machine.ts (CI fails when it is stale).
if (require.main === module) {
  writeFileSync(STATE_MACHINES_DOC, stateMachinesMarkdown());
  console.log('docs/state-machines.md written');
}
