import { authorityRuns } from '../../src/common/writes-at-end';

describe('authorityRuns', () => {
  const of = (s: string) => s[0];

  it('cuts consecutive items of one authority into runs, in order', () => {
    expect(authorityRuns(['a1', 'a2', 'b1', 'a3'], of)).toEqual([['a1', 'a2'], ['b1'], ['a3']]);
    expect(authorityRuns([], of)).toEqual([]);
  });

  it('starts a new run at the limit', () => {
    expect(authorityRuns(['a1', 'a2', 'a3', 'a4', 'a5', 'b1'], of, 2)).toEqual([
      ['a1', 'a2'],
      ['a3', 'a4'],
      ['a5'],
      ['b1'],
    ]);
  });
});
