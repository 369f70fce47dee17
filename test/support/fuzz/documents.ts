import fc from 'fast-check';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { encodeCursor } from '../../../src/lib/pagination';
import { toGlobalId } from '../../../src/schema/global-id';
import type { Rng } from './rng';
import {
  dateTimeValue,
  dateValue,
  decimalValue,
  EnumVal,
  floatValue,
  intValue,
  nastyString,
  Nested,
  toJson,
  toLiteral,
  wrongValue,
  type Val,
} from './values';

/** Real things in the fuzzed database, so some requests get past "not found" into the services. */
export interface Pools {
  /** Global ids of existing objects (none of the senders' own users or keys). */
  ids: string[];
  emails: string[];
}

/** The parts of a GraphQL POST body; `variables` is JSON text (it may hold `1e999`). */
export interface GraphQLBody {
  query: string;
  variables?: string;
  operationName?: string;
}

/** Mutations that would end the senders' sessions: the fuzz needs its senders alive. */
const SPARED_MUTATIONS = new Set(['logout']);

const TYPE_NAMES = [
  'Customer',
  'User',
  'Department',
  'Store',
  'Product',
  'ProductCategory',
  'Order',
  'Payment',
  'Segment',
  'FollowUp',
  'FollowUpStep',
  'Inquiry',
  'ServiceCase',
  'ApiKey',
  'Nope',
  '',
];
const LOCAL_IDS = ['1', '2', '3', '0', '-1', '2147483647', '2147483648', '99999999999999999999', '1.5', 'abc', ' 1', '1\u0000', '０１'];
const SORT_KEYS = ['CREATED_AT', 'ID', 'NAME', 'UPDATED_AT', 'SKU', 'SCORE', 'x', ''];
const SEGMENT_QUERIES = [
  'stage IN (REPEAT, LOYAL) AND last_order_at < -90d',
  'city_tier = 1 AND NOT bought_category("耗材")',
  'stage IN (',
  'value_score > 1e999',
  'last_order_at < -99999999d',
  'created_at > 0000-01-01',
  'bought_category("a\u0000b")',
  '((((((((((((((((((((stage = NEW))))))))))))))))))))',
  `${'NOT '.repeat(2_000)}stage = NEW`,
  `${'stage = NEW OR '.repeat(300)}stage = NEW`,
  'name CONTAINS "😀" AND custom("") = "\uD800"',
];
const VALUES = [
  '1',
  '0',
  '-1',
  'REPEAT',
  'NEW',
  '-90d',
  '3m',
  '2026-01-01',
  '0000-01-01',
  '99999-01-01',
  'A',
  'true',
  '1e999',
  '耗材',
  '%',
];

const binaryString = () => fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 30 }).map((cps) => String.fromCodePoint(...cps));
const base64String = () => fc.base64String({ maxLength: 40 });

const ID_TYPES: Array<[RegExp, string]> = [
  [/^customerids?$/, 'Customer'],
  [/^(owner|salesperson|assignee|user)ids?$/, 'User'],
  [/^departmentids?$/, 'Department'],
  [/^storeids?$/, 'Store'],
  [/^productids?$/, 'Product'],
  [/^categoryids?$/, 'ProductCategory'],
  [/^orderids?$/, 'Order'],
  [/^inquiryids?$/, 'Inquiry'],
  [/segmentids?$/, 'Segment'],
];

function typeOfGlobalId(id: string): string {
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[0];
}

const SANE_STRINGS: Record<string, string[]> = {
  email: ['sales2@test.cn', 'new.person@test.cn'],
  query: ['stage IN (NEW, REPEAT)', 'city_tier = 1'],
  value: ['1', 'NEW', '-90d', '2026-01-01'],
  values: ['1', 'NEW', 'REPEAT'],
  argument: ['90d', '耗材'],
  locale: ['zh', 'en'],
  password: ['secret-pass-1-long', 'another-pass-22'],
  phone: ['13800138000', '+86 21 1234 5678'],
  country: ['CN'],
  key: ['grade', 'vip_level'],
  sku: ['FZ-NEW-1'],
};

/** A plausible string for an argument named `hint`. */
function saneString(r: Rng, hint: string, pools: Pools): string {
  const known = SANE_STRINGS[hint];
  if (known) return r.pick(known);
  if (hint.includes('email')) return r.pick(pools.emails);
  return r.pick(['客户', 'Alice', '上海', 'VIP', 'note', '耗材']);
}

export function globalId(r: Rng, pools: Pools): string {
  return r.weighted<() => string>([
    [5, () => r.pick(pools.ids)],
    [3, () => toGlobalId(r.pick(TYPE_NAMES), r.pick(LOCAL_IDS))],
    [1, () => Buffer.from(r.draw(binaryString), 'utf8').toString('base64url')],
    [1, () => nastyString(r)],
  ])();
}

function cursor(r: Rng): string {
  return r.weighted<() => string>([
    [4, () => encodeCursor(r.pick(SORT_KEYS), Number(r.pick(['1', '2', '5', '2147483647'])))],
    [3, () => Buffer.from(`${r.pick(SORT_KEYS)}:${r.pick(LOCAL_IDS)}`, 'utf8').toString('base64url')],
    [1, () => Buffer.from(`${r.pick(SORT_KEYS)}:1:2:3`, 'utf8').toString('base64')],
    [1, () => r.draw(base64String)],
    [1, () => nastyString(r)],
  ])();
}

function pageSize(r: Rng, clean: boolean): Val {
  return r.weighted<() => Val>([
    [6, () => r.pick([0, 1, 2, 5, 10, 20, 100])],
    [3, () => r.pick([101, 1000, -1, -100, 2_147_483_647, -2_147_483_648])],
    [1, () => intValue(r, clean)],
  ])();
}

/**
 * Settings of one document. A clean document is valid GraphQL with hostile values (NUL,
 * year 0000, forged ids, extreme but 32-bit integers, Relay-style nullable variables), so
 * it reaches the resolvers; a dirty one also breaks the rules (wrong types, null for
 * non-null, unknown arguments, missing variables).
 */
type Theme = 'chaos' | 'text' | 'time' | 'number' | 'id' | 'null' | 'shape';

const THEME_SCALARS: Partial<Record<Theme, string[]>> = {
  text: ['String'],
  time: ['Date', 'DateTime'],
  number: ['Int', 'Float', 'Decimal'],
  id: ['ID'],
};

interface Style {
  /** Which kind of value is hostile in this document; the others are sane, so the hostile one reaches the resolvers. */
  theme: Theme;
  clean: boolean;
  maxDepth: number;
  aliasP: number;
  variableP: number;
  fragmentP: number;
  optionalArgP: number;
  wrongP: number;
  nullP: number;
  /** Per-field chance of an unknown argument or an `@include` on a variable. */
  oddityP: number;
}

interface VarDecl {
  name: string;
  type: string;
  /** undefined: left out of `variables` (a missing variable). */
  value: Val | undefined;
  declared: boolean;
}

export class DocumentGenerator {
  private vars: VarDecl[] = [];
  private fragments: string[] = [];
  private style!: Style;

  constructor(
    private readonly r: Rng,
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
  ) {}

  /** One GraphQL request generated from the schema. */
  generate(): { label: string; body: GraphQLBody } {
    const r = this.r;
    this.vars = [];
    this.fragments = [];
    const theme = r.weighted<Theme>([
      [30, 'chaos'],
      [16, 'text'],
      [14, 'time'],
      [10, 'number'],
      [10, 'id'],
      [10, 'null'],
      [10, 'shape'],
    ]);
    const clean = theme !== 'chaos' || r.chance(0.4);
    const shape = theme === 'chaos' || theme === 'shape';
    this.style = {
      theme,
      clean,
      oddityP: clean ? 0 : r.pick([0, 0.01, 0.05]),
      maxDepth: r.weighted([
        [6, r.int(1, 4)],
        [3, r.int(5, 10)],
        [shape ? 2 : 0, r.int(12, 20)],
      ]),
      aliasP: shape ? r.pick([0, 0.05, 0.2]) : 0,
      variableP: theme === 'null' ? 1 : r.pick([0, 0.3, 0.6, 1]),
      fragmentP: shape ? r.pick([0, 0.1, 0.3]) : r.pick([0, 0, 0.1]),
      optionalArgP: r.pick([0.1, 0.3, 0.6]),
      wrongP: clean ? 0 : r.pick([0, 0.02, 0.08]),
      nullP: theme === 'null' || theme === 'chaos' ? r.pick([0.05, 0.2, 0.4]) : 0.02,
    };
    const special = r.weighted<string>([
      [88, 'plain'],
      [3, 'fan-out'],
      [3, 'alias-bomb'],
      [2, 'two-operations'],
      [2, 'introspection'],
      [1, 'subscription'],
      [1, 'directives'],
      [2, 'deep-filter'],
    ]);
    switch (special) {
      case 'fan-out':
        return { label: 'fragment fan-out', body: this.fanOut() };
      case 'alias-bomb':
        return { label: 'alias bomb', body: this.aliasBomb() };
      case 'introspection':
        return {
          label: 'introspection',
          body: {
            query: r.pick([
              '{ __schema { queryType { name } types { name fields { name } } } }',
              '{ __type(name: "Customer") { name fields { name args { name } } } }',
              '{ __typename __type(name: "\u0000") { name } }',
            ]),
          },
        };
      case 'deep-filter':
        return { label: 'deeply nested segment filter', body: this.deepFilter() };
      case 'subscription':
        return { label: 'subscription', body: { query: r.pick(['subscription { x }', 'subscription S { viewer { id } }']) } };
      default:
        break;
    }
    const root = r.weighted<'query' | 'mutation'>([
      [7, 'query'],
      [3, 'mutation'],
    ]);
    const type = root === 'query' ? this.schema.getQueryType()! : this.schema.getMutationType()!;
    const all = Object.values(type.getFields()).filter((f) => !SPARED_MUTATIONS.has(f.name));
    // Mostly fields whose arguments take the theme's scalars, so the hostile values get used.
    const targets = all.filter((f) => f.args.some((a) => this.reaches(a.type)));
    const fields = targets.length && r.chance(0.8) ? targets : all;
    const chosen = r.subset(fields, 1.5 / fields.length, 1).slice(0, 3);
    const selections = chosen.map((f) => this.field(f, this.style.maxDepth - 1)).join(' ');
    const directives = special === 'directives' ? this.directive() : '';
    const name = r.pick(['Q', 'Fuzz', '']);
    let query = `${root} ${name}${this.varDefs()}${directives} { ${selections} }`;
    if (special === 'two-operations') query += ` query Other { __typename }`;
    query += this.fragments.length ? ` ${this.fragments.join(' ')}` : '';
    const body: GraphQLBody = { query };
    const provided = this.vars.filter((v) => v.value !== undefined);
    if (this.vars.length > 0 || r.chance(0.1)) {
      body.variables = r.chance(0.03) ? 'null' : `{${provided.map((v) => `${JSON.stringify(v.name)}:${toJson(v.value)}`).join(',')}}`;
    }
    const opName = r.weighted<string | undefined>([
      [6, name || undefined],
      [2, undefined],
      [clean ? 0.2 : 1, 'NoSuchOperation'],
    ]);
    if (opName !== undefined) body.operationName = opName;
    return { label: `${root} ${chosen.map((f) => f.name).join(',')}`, body };
  }

  private varDefs(): string {
    const declared = this.vars.filter((v) => v.declared);
    if (declared.length === 0) return '';
    return `(${declared.map((v) => `$${v.name}: ${v.type}`).join(', ')})`;
  }

  private directive(): string {
    const r = this.r;
    const name = `d${this.vars.length}`;
    const kind = r.pick(['missing', 'null', 'string', 'unknown']);
    if (kind === 'unknown') return ' @nope';
    this.vars.push({
      name,
      type: r.pick(['Boolean!', 'Boolean']),
      value: kind === 'missing' ? undefined : kind === 'null' ? null : 'yes',
      declared: true,
    });
    return '';
  }

  private alias(): string {
    return this.r.chance(this.style.aliasP) ? `${this.r.pick(['a', 'b', 'x', 'customer', 'id'])}${this.r.int(0, 3)}: ` : '';
  }

  /** A field with arguments and, for an object, a selection. */
  private field(field: GraphQLField<unknown, unknown>, depthLeft: number): string {
    const r = this.r;
    const args = this.args(field.args);
    const named = getNamedType(field.type);
    const skip = r.chance(this.style.oddityP)
      ? ` @include(if: ${this.variable('Boolean!', r.pick<Val | undefined>([true, false, null, undefined, 'no']))})`
      : '';
    const head = `${this.alias()}${field.name}${args}${skip}`;
    if (isLeafType(named)) return head;
    return `${head} ${this.selectionSet(named, depthLeft)}`;
  }

  /** A variable of the given declared type holding `value`: returns `$name`. */
  private variable(type: string, value: Val | undefined, declared = true): string {
    const name = `v${this.vars.length}`;
    this.vars.push({ name, type, value, declared });
    return `$${name}`;
  }

  private selectionSet(type: GraphQLNamedType, depthLeft: number): string {
    const r = this.r;
    if (depthLeft <= 0) return '{ __typename }';
    let inner: string;
    if (isAbstractType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const parts = ['__typename'];
      if ('getFields' in type && r.chance(0.5)) parts.push('id' in type.getFields() ? 'id' : '__typename');
      for (const t of r.subset(possible, 2 / Math.max(1, possible.length), 1).slice(0, 3)) {
        parts.push(`... on ${t.name} ${this.objectSelection(t, depthLeft)}`);
      }
      inner = `{ ${parts.join(' ')} }`;
    } else if (isObjectType(type)) {
      inner = this.objectSelection(type, depthLeft);
    } else {
      return '{ __typename }';
    }
    if (r.chance(this.style.fragmentP)) {
      const name = `F${this.fragments.length}`;
      this.fragments.push(`fragment ${name} on ${type.name} ${inner}`);
      const spreads = r.chance(0.2) ? r.int(2, 5) : 1;
      return `{ ${Array.from({ length: spreads }, () => `...${name}`).join(' ')} }`;
    }
    return inner;
  }

  private objectSelection(type: GraphQLObjectType, depthLeft: number): string {
    const r = this.r;
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const composite = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    const picked = [
      ...r.subset(leaves, Math.min(1, 2 / Math.max(1, leaves.length)), leaves.length ? 1 : 0).slice(0, 4),
      ...(depthLeft > 1 ? r.subset(composite, Math.min(1, 1.5 / Math.max(1, composite.length))).slice(0, 3) : []),
    ];
    const parts = picked.map((f) => this.field(f, depthLeft - 1));
    if (parts.length === 0 || r.chance(0.1)) parts.push('__typename');
    return `{ ${parts.join(' ')} }`;
  }

  private args(args: readonly GraphQLArgument[]): string {
    const r = this.r;
    const out: string[] = [];
    const sane = this.style.theme !== 'chaos';
    for (const arg of args) {
      const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
      const include = required ? this.style.clean || r.chance(0.9) : r.chance(this.style.optionalArgP);
      if (!include) continue;
      // A sane client pages forward from the start, with first or last, not both.
      if (sane && !this.hostile('id') && (arg.name === 'after' || arg.name === 'before')) continue;
      if (
        sane &&
        !this.hostile('number') &&
        arg.name === 'last' &&
        args.some((a) => a.name === 'first') &&
        out.some((o) => o.startsWith('first:'))
      )
        continue;
      out.push(`${arg.name}: ${this.argValue(arg)}`);
    }
    if (r.chance(this.style.oddityP)) out.push(`noSuchArgument: 1`);
    return out.length ? `(${out.join(', ')})` : '';
  }

  /** Inline, or as a variable declared with its type, its nullable type (as Relay does), a wrong type, or not at all. */
  private argValue(arg: GraphQLArgument): string {
    const r = this.r;
    if (!r.chance(this.style.variableP)) return toLiteral(this.value(arg.type, arg.name, 0));
    const clean = this.style.clean;
    // Relay declares a variable for an argument `T! = default` as nullable `T`, and may send null.
    const relay = isNonNullType(arg.type) && arg.defaultValue !== undefined && r.chance(this.style.theme === 'null' ? 0.8 : 0.3);
    const declared = r.weighted<string>([
      [15, relay && isNonNullType(arg.type) ? String(arg.type.ofType) : String(arg.type)],
      [clean ? 0 : 1, r.pick(['String', 'Int!', 'Boolean', '[String]', 'CustomerFilter', 'NoSuchType', 'ID!'])],
    ]);
    // A clean client sends null only where it declared a nullable variable (as Relay does).
    const value = r.weighted<Val | undefined>([
      [16, this.value(arg.type, arg.name, 0)],
      [clean && !relay && isNonNullType(arg.type) ? 0 : 2, null],
      [clean ? 0 : 2, undefined],
    ]);
    return this.variable(declared, value, clean || !r.chance(0.02));
  }

  /** A value of `type`, mostly right, sometimes null, of the wrong kind, or extreme. */
  value(type: GraphQLInputType, hint: string, depth: number): Val {
    const r = this.r;
    if (r.chance(this.style.wrongP)) return wrongValue(r);
    if (isNonNullType(type)) return !this.style.clean && r.chance(this.style.nullP / 4) ? null : this.value(type.ofType, hint, depth);
    if (r.chance(this.style.nullP)) return null;
    if (isListType(type)) {
      if (r.chance(0.1)) return this.value(type.ofType, hint, depth + 1); // one value for a list: GraphQL coerces it
      const n = r.weighted([
        [3, 0],
        [6, r.int(1, 3)],
        [this.hostile('number') ? 1 : 0, r.pick([100, 101])],
        [depth === 0 && this.hostile('number') && isLeafType(getNamedType(type)) ? 1 : 0, r.pick([1_000, 10_000])],
      ]);
      if (n > 5) {
        // Long lists repeat a few values: the request stays small enough to send quickly.
        const some = [this.value(type.ofType, hint, depth + 1), this.value(type.ofType, hint, depth + 1)];
        return Array.from({ length: n }, (_, i) => some[i % 2]);
      }
      return Array.from({ length: n }, () => this.value(type.ofType, hint, depth + 1));
    }
    if (isEnumType(type)) {
      const values = type.getValues().map((v) => v.name);
      if (this.style.clean) return new EnumVal(r.pick(values));
      return r.weighted<Val>([
        [12, new EnumVal(r.pick(values))],
        [1, new EnumVal(r.pick(values).toLowerCase())],
        [1, r.pick(values)], // a string literal where an enum is expected
        [1, new EnumVal('NOT_A_VALUE')],
      ]);
    }
    if (isScalarType(type)) return this.scalar(type.name, hint);
    if (isInputObjectType(type)) {
      if (type.name === 'CustomerSegmentFilter' && depth === 0 && this.hostile('shape') && r.chance(0.15)) {
        const levels = r.pick([50, 200, 1_000, 10_000, 100_000]);
        return new Nested('not', levels, { condition: { field: new EnumVal('STAGE'), op: new EnumVal('EQ'), value: 'NEW' } });
      }
      const out: Record<string, Val> = {};
      for (const f of Object.values(type.getFields())) {
        const required = isNonNullType(f.type) && f.defaultValue === undefined;
        const include = required
          ? this.style.clean || r.chance(0.9)
          : depth < 4 && r.chance(this.reaches(f.type) ? 0.8 : this.style.optionalArgP + 0.1);
        if (include) out[f.name] = this.value(f.type, f.name, depth + 1);
      }
      if (r.chance(this.style.oddityP)) out.noSuchField = 'x';
      return out;
    }
    return null;
  }

  /** Whether an input type holds, at any depth, a scalar this document's theme makes hostile. */
  private reaches(type: GraphQLInputType): boolean {
    const wanted = THEME_SCALARS[this.style.theme];
    if (!wanted) return false;
    const seen = new Set<string>();
    const walk = (t: GraphQLInputType): boolean => {
      const named = getNamedType(t);
      if (isScalarType(named)) return wanted.includes(named.name);
      if (!isInputObjectType(named) || seen.has(named.name)) return false;
      seen.add(named.name);
      return Object.values(named.getFields()).some((f) => walk(f.type));
    };
    return walk(type);
  }

  private hostile(theme: Theme): boolean {
    return this.style.theme === 'chaos' || this.style.theme === theme;
  }

  private scalar(name: string, hint: string): Val {
    const r = this.r;
    const h = hint.toLowerCase();
    const clean = this.style.clean;
    switch (name) {
      case 'Int':
        if (!this.hostile('number')) return h === 'first' || h === 'last' ? r.pick([1, 5, 20]) : r.int(1, 30);
        return h === 'first' || h === 'last' ? pageSize(r, clean) : intValue(r, clean);
      case 'Float':
        return this.hostile('number') ? floatValue(r) : 1.5;
      case 'Boolean':
        return r.weighted<Val>([
          [9, r.chance(0.5)],
          [clean ? 0 : 1, r.pick(['true', 0, 1])],
        ]);
      case 'ID':
        return this.hostile('id') && r.chance(0.6) ? globalId(r, this.pools) : this.realId(h);
      case 'Date':
        return this.hostile('time') ? dateValue(r) : r.pick(['2025-06-01', '2026-01-15']);
      case 'DateTime':
        return this.hostile('time') ? dateTimeValue(r) : r.pick(['2025-06-01T08:00:00Z', '2026-01-15T12:30:00+08:00']);
      case 'Decimal':
        return this.hostile('number') ? decimalValue(r) : r.pick(['1', '12.50', '0.01']);
      case 'String':
        if (h === 'after' || h === 'before') return this.hostile('id') ? cursor(r) : encodeCursor('CREATED_AT', r.int(1, 5));
        if (!this.hostile('text')) return saneString(r, h, this.pools);
        if (h === 'email')
          return r.weighted<Val>([
            [2, r.pick(this.pools.emails)],
            [1, `${nastyString(r)}@test.cn`],
            [2, nastyString(r)],
          ]);
        if (h === 'query')
          return r.weighted<Val>([
            [3, r.pick(SEGMENT_QUERIES)],
            [1, nastyString(r)],
          ]);
        if (h === 'value' || h === 'values' || h === 'argument')
          return r.weighted<Val>([
            [3, r.pick(VALUES)],
            [1, nastyString(r)],
          ]);
        if (h === 'locale') return r.pick(['zh', 'en', 'zh-CN', 'xx', '', '\u0000']);
        if (h === 'password') return r.pick(['secret-pass-1', '12345678', '', 'x'.repeat(10_000), 'a\u0000b', '密码密码密码密码密码']);
        return nastyString(r);
      default:
        return nastyString(r);
    }
  }

  /** An existing object's id, of the type the argument's name suggests (customerId → a Customer). */
  private realId(hint: string): string {
    const type = ID_TYPES.find(([re]) => re.test(hint))?.[1];
    const ofType = type ? this.pools.ids.filter((id) => typeOfGlobalId(id) === type) : [];
    return this.r.pick(ofType.length ? ofType : this.pools.ids);
  }

  /** `fragment F1 on Query { ...F0 ×k }` and so on, `levels` deep: k^levels fields from a few hundred bytes. */
  private fanOut(): GraphQLBody {
    const r = this.r;
    const k = r.int(5, 40);
    const levels = r.int(2, 4);
    const frags = [`fragment F0 on Query { __typename viewer { id } }`];
    for (let i = 1; i <= levels; i++) frags.push(`fragment F${i} on Query { ${`...F${i - 1} `.repeat(k)}}`);
    return { query: `query { ...F${levels} } ${frags.join(' ')}` };
  }

  /** A CustomerSegmentFilter `not` inside `not` … up to 100,000 levels, inline or as a variable. */
  private deepFilter(): GraphQLBody {
    const r = this.r;
    const filter = new Nested('not', r.pick([20, 101, 1_000, 10_000, 100_000]), {
      condition: { field: new EnumVal('STAGE'), op: new EnumVal('EQ'), value: 'NEW' },
    });
    const [field, selection] = r.pick([
      ['segmentPreview', '{ count }'],
      ['segmentCreate', '{ userErrors { code } }'],
    ] as const);
    const op = field === 'segmentPreview' ? 'query' : 'mutation';
    const args = (f: string) => (field === 'segmentPreview' ? `(filter: ${f})` : `(input: { name: "deep", filter: ${f} })`);
    if (r.chance(0.5)) return { query: `${op} { ${field}${args(toLiteral(filter))} ${selection} }` };
    return { query: `${op} ($f: CustomerSegmentFilter) { ${field}${args('$f')} ${selection} }`, variables: `{"f":${toJson(filter)}}` };
  }

  private aliasBomb(): GraphQLBody {
    const r = this.r;
    const n = r.pick([10, 29, 30, 31, 60, 200]);
    const field = r.pick([
      `viewer { id }`,
      `customers(first: 100) { totalCount }`,
      `nodes(ids: [${Array.from({ length: 100 }, () => JSON.stringify(r.pick(this.pools.ids))).join(',')}]) { id }`,
      `login(input: { email: "admin@test.cn", password: "wrong" }) { token }`,
    ]);
    const op = field.startsWith('login') ? 'mutation' : 'query';
    return { query: `${op} { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }` };
  }
}
