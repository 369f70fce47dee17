import { sheetNames } from '../../src/lib/xlsx-stream';

/** What Excel accepts as a sheet name (else it offers to "repair" the workbook). */
function isValidSheetName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 31 &&
    !/[[\]:*?/\\]/.test(name) &&
    !name.startsWith("'") &&
    !name.endsWith("'") &&
    name.toLowerCase() !== 'history'
  );
}

describe('sheetNames after truncation', () => {
  it.each<[string, string, number, string[]]>([
    ['an apostrophe at the cut', `${'a'.repeat(30)}'bc`, 2, ['a'.repeat(30), `${'a'.repeat(27)} (2)`]],
    ['an apostrophe just before the suffix cut', `${'客'.repeat(26)}'xyz`, 2, [`${'客'.repeat(26)}'xyz`, `${'客'.repeat(26)} (2)`]],
    ['apostrophes and spaces at the cut', `${'b'.repeat(28)} ' 'tail`, 1, ['b'.repeat(28)]],
    ['only apostrophes', "'''", 1, ['Sheet']],
    ['an emoji is not split at the cut', `${'c'.repeat(30)}😀`, 1, ['c'.repeat(30)]],
    ["Excel's reserved name", 'History', 2, ['History_', 'History_ (2)']],
  ])('%s', (_name, base, count, expected) => {
    const names = sheetNames(base, count);
    expect(names).toEqual(expected);
    expect(names.every(isValidSheetName)).toBe(true);
  });

  it('gives valid names for every cut of a name full of apostrophes', () => {
    for (let i = 0; i < 40; i++) {
      const base = `${'x'.repeat(i)}'`.padEnd(45, "y'");
      for (const name of sheetNames(base, 3)) expect(isValidSheetName(name)).toBe(true);
    }
  });
});
