import { clearLoaders, loader } from '../../src/common/loaders';
import { loadNow, primeNow } from '../../src/common/primed';

describe('primed loader values', () => {
  it('answers a primed key without a promise, and anything else through the loader', async () => {
    const ctx = {};
    const batches: string[][] = [];
    const people = () =>
      loader<string, string>(ctx, 'people', async (ids) => {
        batches.push([...ids]);
        return ids.map((id) => `loaded ${id}`);
      });
    primeNow(people(), 'a', 'primed a');
    expect(loadNow(people(), 'a')).toBe('primed a');
    expect(await people().load('a')).toBe('primed a'); // the DataLoader itself is primed too
    const b = loadNow(people(), 'b');
    expect(b).toBeInstanceOf(Promise);
    expect(await b).toBe('loaded b');
    expect(batches).toEqual([['b']]);
  });

  it('forgets what was primed when the request clears its loaders', async () => {
    const ctx = {};
    const people = () => loader<string, string>(ctx, 'people', async (ids) => ids.map((id) => `loaded ${id}`));
    primeNow(people(), 'a', 'primed a');
    clearLoaders(ctx);
    const a = loadNow(people(), 'a');
    expect(a).toBeInstanceOf(Promise);
    expect(await a).toBe('loaded a');
  });
});
