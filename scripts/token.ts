import { parseArgs } from 'node:util';
import { signDevToken } from '../src/auth/dev-token';
import { ALL_ROLES, Role } from '../src/auth/role';
import { ensureDevSecret } from '../src/bootstrap';

// npm run token -- --sub S --name N --roles CHAIR,TEAM_MANAGER --authority A
const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string' },
    authority: { type: 'string' },
    expires: { type: 'string', default: '12h' },
  },
});
const fail = (message: string) => {
  process.stderr.write(
    `${message}\nusage: npm run token -- --sub S --name N --roles CHAIR,TEAM_MANAGER --authority A\n`,
  );
  process.exit(2);
};
if (process.env.NODE_ENV === 'production') fail('Development tokens are refused when NODE_ENV=production');
if (!values.sub || !values.authority || !values.roles) fail('--sub, --roles and --authority are required');
const roles = values.roles!.split(',').map((r) => r.trim().toUpperCase());
const unknown = roles.filter((r) => !ALL_ROLES.includes(r as Role));
if (unknown.length) fail(`Unknown role(s): ${unknown.join(', ')}. Known: ${ALL_ROLES.join(', ')}`);
ensureDevSecret();
signDevToken(
  process.env.AUTH_DEV_SECRET!,
  { subject: values.sub!, name: values.name ?? values.sub!, roles: roles as Role[], authority: values.authority! },
  { expiresIn: values.expires },
).then((token) => process.stdout.write(`${token}\n`));
