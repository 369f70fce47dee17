import type { Faker } from '@faker-js/faker';

/**
 * The thirty most common Chinese surnames with their share of the population in percent
 * (2020 census, rounded): together about 61%. The rest of a demo's people have one of the
 * thousand surnames of faker's list, each rare, as in life.
 */
const COMMON_SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 7.12],
  ['李', 7.0],
  ['张', 6.74],
  ['刘', 5.38],
  ['陈', 4.53],
  ['杨', 3.08],
  ['黄', 2.4],
  ['赵', 2.21],
  ['吴', 2.05],
  ['周', 1.89],
  ['徐', 1.47],
  ['孙', 1.47],
  ['马', 1.22],
  ['朱', 1.2],
  ['胡', 1.17],
  ['郭', 1.13],
  ['何', 1.07],
  ['林', 1.02],
  ['高', 1.01],
  ['罗', 0.96],
  ['郑', 0.86],
  ['梁', 0.84],
  ['谢', 0.74],
  ['宋', 0.65],
  ['唐', 0.64],
  ['许', 0.6],
  ['韩', 0.57],
  ['冯', 0.55],
  ['邓', 0.55],
  ['曹', 0.52],
];
const OTHER = 100 - COMMON_SURNAMES.reduce((sum, [, share]) => sum + share, 0);
const CHOICES = [...COMMON_SURNAMES.map(([value, weight]) => ({ value, weight })), { value: null, weight: OTHER }];

/**
 * A person's name: a surname drawn with its real frequency (王, 李, 张, 刘, 陈 the most
 * common) and a given name. `names` is a generator of its own, so that the rest of the demo
 * data (drawn from the main one) stays what it was.
 */
export function chineseName(names: Faker): string {
  const surname = names.helpers.weightedArrayElement(CHOICES) ?? names.person.lastName();
  return `${surname}${names.person.firstName()}`;
}
