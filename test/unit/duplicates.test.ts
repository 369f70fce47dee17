import { duplicateScore } from '../../src/domain/customer/duplicates';

describe('duplicate scores', () => {
  it.each([
    [['PHONE'], 0.2, 1],
    [['EMAIL', 'NAME_AND_COMPANY'], 0.7, 1],
    [['WECHAT'], 0, 1],
    [['NAME_AND_COMPANY'], 0.6923077, 0.69],
    [['NAME_AND_COMPANY'], 1, 1],
  ] as const)('%j with name similarity %d scores %d', (reasons, similarity, score) => {
    expect(duplicateScore(reasons, similarity)).toBe(score);
  });
});
