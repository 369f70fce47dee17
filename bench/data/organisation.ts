import { createHash, scryptSync } from 'node:crypto';
import { quote, type GeneratorContext } from './sql';
import { benchCatalogue, CITIES, GIVEN_CHARS, MOBILE_PREFIXES, REGIONS, ROADS, STORE_AREAS, SURNAMES } from './vocabulary';

/**
 * The company around the customers, scaled with their number: the demo has 5 sales
 * departments, 7 stores and 20 salespeople for 2,400 customers, and so does this one per
 * 2,400 customers. Departments sit under four regions under 总部; each covers cities of its
 * region, and customers are owned by a salesperson of a department covering their city.
 * Built in TypeScript from a seeded generator (a few thousand rows at most) and inserted
 * with explicit ids.
 */
export interface Organisation {
  departments: number;
  stores: number;
  users: number;
  salespeople: number;
  products: number;
  /** Product prices and costs by id (1-based arrays), for the set-based order lines. */
  prices: string[];
  costs: string[];
}

interface SalesDepartment {
  id: number;
  name: string;
  regionId: number;
  cities: string[];
  storeIds: number[];
}

const short = (city: string) => city.replace(/市$/, '');

/** Splits `total` over `weights`, each getting at least `min`, by largest remainder. */
function apportion(total: number, weights: readonly number[], min = 1): number[] {
  const counts = weights.map(() => min);
  const rest = total - min * weights.length;
  if (rest <= 0) return counts;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  exact.forEach((e, i) => (counts[i] += Math.floor(e)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length].i]++;
  return counts;
}

/** mulberry32: a small seeded generator for the few thousand staff rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A password hash in the application's scrypt format, with a salt derived from the seed (reproducible). */
function passwordHash(password: string, seed: number): string {
  const salt = createHash('sha256').update(`bench:${seed}:${password}`).digest().subarray(0, 16);
  const key = scryptSync(password, salt, 64, { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 16_384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function createOrganisation(ctx: GeneratorContext): Promise<Organisation> {
  const { client, customers, seed } = ctx;
  const random = prng(seed ^ 0x5eed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const personName = () => pick(SURNAMES)[0] + pick(GIVEN_CHARS)[0] + (random() < 0.6 ? pick(GIVEN_CHARS)[0] : '');
  const mobile = () => `+86${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const created = `${quote(ctx.now)}::timestamptz - interval '6 years'`;

  // Departments: 总部 (1), the regions (2..5), then the sales departments.
  const cityWeight = new Map(CITIES.map((c) => [c.city, c.weight]));
  const departmentCount = Math.max(REGIONS.length, Math.round(customers / 480));
  const perRegion = apportion(
    departmentCount,
    REGIONS.map((r) => r.cities.reduce((s, c) => s + cityWeight.get(c)!, 0)),
  );
  const dept = { id: [1] as number[], name: ['总部'] as string[], parent: [null] as Array<number | null>, path: ['/1/'] as string[] };
  REGIONS.forEach((r, i) => {
    dept.id.push(2 + i);
    dept.name.push(r.name);
    dept.parent.push(1);
    dept.path.push(`/1/${2 + i}/`);
  });
  const sales: SalesDepartment[] = [];
  let nextId = 2 + REGIONS.length;
  REGIONS.forEach((region, r) => {
    const count = perRegion[r];
    const regionId = 2 + r;
    const groups: Array<{ name: string; cities: string[] }> = [];
    if (count <= region.cities.length) {
      for (let i = 0; i < count; i++) {
        const cities = region.cities.filter((_, j) => j % count === i);
        groups.push({ name: `${short(cities[0])}销售部`, cities });
      }
    } else {
      const perCity = apportion(
        count,
        region.cities.map((c) => cityWeight.get(c)!),
      );
      region.cities.forEach((city, j) => {
        for (let n = 1; n <= perCity[j]; n++)
          groups.push({ name: perCity[j] === 1 ? `${short(city)}销售部` : `${short(city)}销售${n}部`, cities: [city] });
      });
    }
    for (const g of groups) {
      const id = nextId++;
      sales.push({ id, name: g.name, regionId, cities: g.cities, storeIds: [] });
      dept.id.push(id);
      dept.name.push(g.name);
      dept.parent.push(regionId);
      dept.path.push(`/1/${regionId}/${id}/`);
    }
  });
  await client.query(
    `insert into department (id, name, parent_id, path, created_at, updated_at)
     select id, name, parent_id, path, ${created}, ${created} from unnest($1::int[], $2::text[], $3::int[], $4::text[]) as t(id, name, parent_id, path)`,
    [dept.id, dept.name, dept.parent, dept.path],
  );

  // Stores: at least one per sales department, 7 per 2,400 customers.
  const storeCount = Math.max(sales.length, Math.round((7 * customers) / 2400));
  const store = { id: [] as number[], name: [] as string[], dept: [] as number[], city: [] as string[], address: [] as string[] };
  const perCity = new Map<string, number>();
  for (let s = 0; s < storeCount; s++) {
    const d = sales[s % sales.length];
    const city = d.cities[Math.floor(s / sales.length) % d.cities.length];
    const k = perCity.get(city) ?? 0;
    perCity.set(city, k + 1);
    const area = STORE_AREAS[k % STORE_AREAS.length] + (k >= STORE_AREAS.length ? `${Math.floor(k / STORE_AREAS.length) + 1}号` : '');
    const id = s + 1;
    d.storeIds.push(id);
    store.id.push(id);
    store.name.push(`${short(city)}${area}店`);
    store.dept.push(d.id);
    store.city.push(city);
    store.address.push(`${area}${pick(ROADS)}${10 + Math.floor(random() * 890)}号`);
  }
  await client.query(
    `insert into store (id, name, department_id, city, address, active, created_at, updated_at)
     select id, name, department_id, city, address, true, ${created}, ${created}
       from unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[]) as t(id, name, department_id, city, address)`,
    [store.id, store.name, store.dept, store.city, store.address],
  );

  // Staff: the admin (same login as the demo), a manager per region and department, salespeople.
  const hashes = {
    ADMIN: passwordHash('admin123', seed),
    MANAGER: passwordHash('manager123', seed),
    SALES: passwordHash('sales123', seed),
  };
  const user = {
    id: [] as number[],
    name: [] as string[],
    email: [] as string[],
    phone: [] as string[],
    role: [] as string[],
    dept: [] as Array<number | null>,
    store: [] as Array<number | null>,
    hash: [] as string[],
  };
  const addUser = (name: string, email: string, role: keyof typeof hashes, deptId: number | null, storeId: number | null) => {
    const id = user.id.length + 1;
    user.id.push(id);
    user.name.push(name);
    user.email.push(email);
    user.phone.push(mobile());
    user.role.push(role);
    user.dept.push(deptId);
    user.store.push(storeId);
    user.hash.push(hashes[role]);
    return id;
  };
  addUser('系统管理员', 'admin@example.com', 'ADMIN', 1, null);
  REGIONS.forEach((r, i) => addUser(personName(), `manager.${r.key}@example.com`, 'MANAGER', 2 + i, null));
  sales.forEach((d, i) => addUser(personName(), `manager.d${String(i + 1).padStart(4, '0')}@example.com`, 'MANAGER', d.id, null));
  const salespeopleCount = Math.max(sales.length, Math.round((20 * customers) / 2400));
  const salespeople: Array<{ id: number; dept: SalesDepartment; storeId: number }> = [];
  for (let p = 0; p < salespeopleCount; p++) {
    const d = sales[p % sales.length];
    const storeId = d.storeIds[Math.floor(p / sales.length) % d.storeIds.length];
    const id = addUser(personName(), `sales${String(p + 1).padStart(5, '0')}@example.com`, 'SALES', d.id, storeId);
    salespeople.push({ id, dept: d, storeId });
  }
  await client.query(
    `insert into app_user (id, name, email, phone, role, department_id, store_id, active, password_hash, created_at, updated_at)
     select id, name, email, phone, role, department_id, store_id, true, password_hash, ${created}, ${created}
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[])
            as t(id, name, email, phone, role, department_id, store_id, password_hash)`,
    [user.id, user.name, user.email, user.phone, user.role, user.dept, user.store, user.hash],
  );

  // Who may own a customer of each city (CITIES order, 1-based): the salespeople of the departments covering it.
  const owner = { city: [] as number[], k: [] as number[], user: [] as number[], dept: [] as number[], store: [] as number[] };
  CITIES.forEach((c, i) => {
    let k = 0;
    for (const s of salespeople) {
      if (!s.dept.cities.includes(c.city)) continue;
      owner.city.push(i + 1);
      owner.k.push(++k);
      owner.user.push(s.id);
      owner.dept.push(s.dept.id);
      owner.store.push(s.storeId);
    }
    if (k === 0) throw new Error(`no salesperson covers ${c.city}`);
  });
  await client.query(
    `create temp table t_city_owner as
     select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[]) as t(city_n, k, user_id, department_id, store_id)`,
    [owner.city, owner.k, owner.user, owner.dept, owner.store],
  );
  await client.query('create unique index on t_city_owner (city_n, k)');
  await client.query('analyze t_city_owner');

  // Product categories (two levels) and products, in catalogue order.
  const category = { id: [] as number[], name: [] as string[], parent: [] as Array<number | null>, path: [] as string[] };
  const product = {
    id: [] as number[],
    sku: [] as string[],
    name: [] as string[],
    category: [] as number[],
    price: [] as string[],
    cost: [] as string[],
    usage: [] as Array<number | null>,
    maintenance: [] as Array<number | null>,
  };
  for (const top of benchCatalogue()) {
    const topId = category.id.length + 1;
    category.id.push(topId);
    category.name.push(top.name);
    category.parent.push(null);
    category.path.push(`/${topId}/`);
    for (const sub of top.children) {
      const subId = category.id.length + 1;
      category.id.push(subId);
      category.name.push(sub.name);
      category.parent.push(topId);
      category.path.push(`/${topId}/${subId}/`);
      for (const p of sub.products) {
        product.id.push(product.id.length + 1);
        product.sku.push(p.sku);
        product.name.push(p.name);
        product.category.push(subId);
        product.price.push(p.price);
        product.cost.push(p.cost);
        product.usage.push(p.usageCycleDays ?? null);
        product.maintenance.push(p.maintenanceIntervalDays ?? null);
      }
    }
  }
  await client.query(
    `insert into product_category (id, name, parent_id, path, created_at)
     select id, name, parent_id, path, ${created} from unnest($1::int[], $2::text[], $3::int[], $4::text[]) as t(id, name, parent_id, path)`,
    [category.id, category.name, category.parent, category.path],
  );
  await client.query(
    `insert into product (id, sku, name, category_id, list_price, cost, currency, usage_cycle_days, maintenance_interval_days, active, created_at, updated_at)
     select id, sku, name, category_id, list_price, cost, 'CNY', usage_cycle_days, maintenance_interval_days, true, ${created}, ${created}
       from unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::numeric[], $7::int[], $8::int[])
            as t(id, sku, name, category_id, list_price, cost, usage_cycle_days, maintenance_interval_days)`,
    [product.id, product.sku, product.name, product.category, product.price, product.cost, product.usage, product.maintenance],
  );

  // The standard follow-up process, as in the demo (ids 1..5 = positions).
  await client.query(
    `insert into follow_up_step (id, key, name, position, active, created_at)
     select position, key, name, position, true, ${created}
       from unnest(array['first_contact','needs_analysis','proposal','negotiation','closing'], array['初次接触','需求分析','方案报价','商务谈判','签约成交'])
            with ordinality as t(key, name, position)`,
  );

  return {
    departments: dept.id.length,
    stores: storeCount,
    users: user.id.length,
    salespeople: salespeopleCount,
    products: product.id.length,
    prices: product.price,
    costs: product.cost,
  };
}
