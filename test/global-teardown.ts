export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __scratch?: { drop(): Promise<void> } }).__scratch?.drop();
}
