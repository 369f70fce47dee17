import type { EntityManager } from '@mikro-orm/postgresql';
import { say, type Bilingual } from '../domain/common/bilingual';
import { userError, type UserErrorData } from '../domain/common/domain-error';
import { pgArray, pgTextArray } from '../domain/common/sql';
import { catalogueArguments, type CatalogueField } from '../domain/segments/catalogue-arguments';
import type { SegmentNode } from '../domain/segments/segment-ast';

/** How each catalogue condition finds its record, and names it in a message. */
const CATALOGUE: Readonly<Record<CatalogueField, { table: string; label: string; matches: string; what: Bilingual }>> = {
  bought_product: {
    table: 'product',
    label: `name || ' (' || sku || ')'`,
    matches: '(sku = any(?::text[]) or name = any(?::text[]))',
    what: say('与此 SKU、名称或 id 对应的产品', 'product with this SKU, name or id'),
  },
  bought_category: {
    table: 'product_category',
    label: 'name',
    matches: 'name = any(?::text[])',
    what: say('与此名称或 id 对应的产品分类', 'product category with this name or id'),
  },
};

/**
 * Each `bought_product` / `bought_category` argument of a rule that names nothing in the
 * catalogue (neither a SKU or name nor an id of the right type), as a NOT_FOUND user error at
 * `field` naming the three nearest names there are (those containing it or contained in it
 * first, then by trigram similarity): a typo must not silently select nobody (or, under NOT,
 * everybody). One statement per kind of condition, plus one per unknown name.
 */
export async function catalogueErrors(em: EntityManager, node: SegmentNode, field: string[]): Promise<UserErrorData[]> {
  const args = catalogueArguments(node);
  const errors: UserErrorData[] = [];
  for (const [kind, c] of Object.entries(CATALOGUE) as Array<[CatalogueField, (typeof CATALOGUE)[CatalogueField]]>) {
    const given = args.filter((a) => a.field === kind);
    if (given.length === 0) continue;
    const texts = pgTextArray(given.map((a) => a.argument));
    const textParams = kind === 'bought_product' ? [texts, texts] : [texts];
    const rows: Array<{ id: number; found: string[] }> = await em.execute(
      `select id, array[${kind === 'bought_product' ? 'sku, name' : 'name'}] as found from ${c.table}
        where ${c.matches} or id = any(?::int[])`,
      [...textParams, pgArray(given.map((a) => a.id ?? 0))],
    );
    for (const a of given) {
      if (rows.some((r) => (a.id != null ? r.id === a.id : r.found.includes(a.argument)))) continue;
      const near: Array<{ label: string }> = await em.execute(
        `select ${c.label} as label from ${c.table}
          order by (strpos(name, ?) > 0 or strpos(?, name) > 0) desc, similarity(name, ?) desc, name limit 3`,
        [a.argument, a.argument, a.argument],
      );
      const nearest = near.length
        ? say(`；最接近的：${near.map((n) => `“${n.label}”`).join('、')}`, `; the nearest: ${near.map((n) => `"${n.label}"`).join(', ')}`)
        : say('', '');
      const message = say(
        `${kind}("${a.argument}")：没有${c.what.zh}${nearest.zh}`,
        `${kind}("${a.argument}"): there is no ${c.what.en}${nearest.en}`,
      );
      errors.push(userError(field, message, 'NOT_FOUND'));
    }
  }
  return errors;
}
