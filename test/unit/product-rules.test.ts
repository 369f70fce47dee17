import { ProductCreateInput, ProductUpdateInput } from '../../src/schema/types/product.input';
import { grossMarginPercent, normalisePrice } from '../../src/services/product.service';
import { checkInput } from '../../src/services/validate-input';

const valid = { sku: 'RC-201', name: '智能电饭煲', listPrice: '399.00', cost: '250' };

async function fieldsWithErrors(input: object): Promise<string[]> {
  return (await checkInput(input)).map((e) => e.field.join('.'));
}

describe('product input rules', () => {
  it('accepts a complete valid product', async () => {
    const input = Object.assign(new ProductCreateInput(), { ...valid, usageCycleDays: 3650, maintenanceIntervalDays: 1 });
    expect(await checkInput(input)).toEqual([]);
  });

  it.each([
    ['listPrice', '0', true],
    ['listPrice', '0.5', true],
    ['listPrice', '999999999999.99', true],
    ['listPrice', '1000000000000', false],
    ['listPrice', '-0.01', false],
    ['listPrice', '1.234', false],
    ['listPrice', '1.', false],
    ['cost', '12.30', true],
    ['cost', '-1', false],
    ['sku', 'A', true],
    ['sku', 'SKU 1', false],
    ['sku', '', false],
    ['sku', 'S'.repeat(64), true],
    ['sku', 'S'.repeat(65), false],
    ['name', '', false],
    ['name', 'n'.repeat(200), true],
    ['name', 'n'.repeat(201), false],
    ['usageCycleDays', 1, true],
    ['usageCycleDays', 3650, true],
    ['usageCycleDays', 0, false],
    ['usageCycleDays', 3651, false],
    ['usageCycleDays', 1.5, false],
    ['usageCycleDays', null, true],
    ['maintenanceIntervalDays', -1, false],
    ['maintenanceIntervalDays', 365, true],
  ])('create: %s = %j is valid: %s', async (field, value, ok) => {
    const errors = await fieldsWithErrors(Object.assign(new ProductCreateInput(), { ...valid, [field]: value }));
    expect(errors.includes(`input.${field}`)).toBe(!ok);
    expect(errors.filter((f) => f !== `input.${field}`)).toEqual([]);
  });

  it.each([
    [{}, []],
    [{ listPrice: null, cost: null, sku: null, name: null }, []],
    [{ listPrice: '1.999' }, ['input.listPrice']],
    [{ sku: 'has space', usageCycleDays: 0 }, ['input.sku', 'input.usageCycleDays']],
  ])('update: %j has errors at %j', async (fields, expected) => {
    expect(await fieldsWithErrors(Object.assign(new ProductUpdateInput(), { id: 'x', ...fields }))).toEqual(expected);
  });

  it('says what a price must look like, without repeating the field name', async () => {
    const [error] = await checkInput(Object.assign(new ProductCreateInput(), { ...valid, cost: '-5' }));
    expect(error).toEqual({
      field: ['input', 'cost'],
      message: expect.objectContaining({ en: expect.stringMatching(/^must be an amount of at least 0/) }),
      code: 'INVALID',
    });
  });
});

describe('prices', () => {
  it.each([
    ['0', '0.00'],
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['0012.34', '12.34'],
    ['999999999999.99', '999999999999.99'],
  ])('normalises %s to %s', (value, expected) => {
    expect(normalisePrice(value)).toBe(expected);
  });

  it.each([
    ['100.00', '60.00', '40.00'],
    ['2999.50', '1799.70', '40.00'],
    ['120.00', '90.50', '24.58'],
    ['3.00', '1.00', '66.67'],
    ['10.00', '12.00', '-20.00'],
    ['0.10', '0.00', '100.00'],
    ['0.00', '5.00', null],
  ])('list %s, cost %s: gross margin %s%%', (list, cost, expected) => {
    expect(grossMarginPercent(list, cost)).toBe(expected);
  });
});
