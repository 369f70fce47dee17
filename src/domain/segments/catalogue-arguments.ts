import { localIdOf } from '../common/global-id';
import type { SegmentNode } from './segment-ast';

/**
 * The segment conditions that name a catalogue record: `bought_product("SKU or name, or a
 * Product id")` and `bought_category("name, or a ProductCategory id")`. A name nobody has is
 * a mistake the client must hear about (the segment service checks them against the
 * catalogue); an id names the record whatever it is called.
 */
export type CatalogueField = 'bought_product' | 'bought_category';

export const CATALOGUE_ID_TYPES: Readonly<Record<CatalogueField, string>> = {
  bought_product: 'Product',
  bought_category: 'ProductCategory',
};

export interface CatalogueArgument {
  field: CatalogueField;
  argument: string;
  /** The local id when the argument is a global id of the field's type. */
  id: number | null;
}

/** Every catalogue argument of a rule, once each, in the order written. */
export function catalogueArguments(node: SegmentNode): CatalogueArgument[] {
  const found = new Map<string, CatalogueArgument>();
  const walk = (n: SegmentNode): void => {
    if (n.kind === 'and' || n.kind === 'or') n.nodes.forEach(walk);
    else if (n.kind === 'not') walk(n.node);
    else if ((n.field === 'bought_product' || n.field === 'bought_category') && n.argument != null) {
      const key = `${n.field}\u0000${n.argument}`;
      if (!found.has(key)) found.set(key, { field: n.field, argument: n.argument, id: catalogueIdOf(n.field, n.argument) });
    }
  };
  walk(node);
  return [...found.values()];
}

/** The local id an argument names, when it is a global id of the field's type. */
export function catalogueIdOf(field: CatalogueField, argument: string): number | null {
  return /^[A-Za-z0-9+/=_-]{8,}$/.test(argument) ? localIdOf(argument, CATALOGUE_ID_TYPES[field]) : null;
}
