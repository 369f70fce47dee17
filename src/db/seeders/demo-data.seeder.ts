import type { EntityManager } from '@mikro-orm/postgresql';
import { Faker, zh_CN, en, base } from '@faker-js/faker';
import type { Logger } from 'pino';
import type { Role } from '../../domain/access/role';
import { searchTextOf } from '../../domain/customer/contact';
import * as V from '../../domain/customer/customer.enums';
import { hashPassword } from '../../lib/password';
import { seedDemoRecords, type RecordsSummary } from './demo-records.seeder';
import { seedDemoMarketing, type MarketingSummary } from './demo-marketing.seeder';
import { seedDemoReminders, type RemindersSummary } from './demo-reminders.seeder';
import { chineseName } from './demo-names';
import { CITIES, DEPARTMENTS, INDUSTRIES, SUPPLIERS, TAGS, PRODUCT_CATEGORIES } from './demo-vocabulary';

export interface SeedOptions {
  customers: number;
  log?: Logger;
  /** Fixed so that the demo data is the same on every machine. */
  seed?: number;
  now?: Date;
  /** The company's time zone, for order numbers and calendar days. */
  timeZone?: string;
  /** Set false for customers and staff only (faster, for tests). */
  records?: boolean;
}

export interface SeedSummary extends Partial<RecordsSummary>, Partial<MarketingSummary>, Partial<RemindersSummary> {
  departments: number;
  stores: number;
  users: number;
  customers: number;
}

const DAY = 86_400_000;
const MOBILE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '186', '187', '188', '189', '199'];

/** Seeds the demo data when the database has no users yet; returns what it made, or null. */
export async function seedIfEmpty(em: EntityManager, options: SeedOptions): Promise<SeedSummary | null> {
  const [{ users, products, demo }] = await em.execute(
    `select (select count(*)::int from app_user) users, (select count(*)::int from product) products,
            exists (select 1 from app_user where email = 'admin@example.com') demo`,
  );
  if (users === 0) return seedDemoData(em, options);
  // A demo database from before the records existed gets its records; real data never does.
  if (demo && products === 0) {
    const records = await em.transactional((tx) => seedDemoRecords(tx, options.now ?? new Date(), options.timeZone ?? 'Asia/Shanghai'));
    return { departments: 0, stores: 0, users: 0, customers: 0, ...records };
  }
  return null;
}

/** Removes every row of the application's tables (not the migrations table). */
export async function clearData(em: EntityManager): Promise<void> {
  await em.execute(
    `truncate reminder_state, company_holiday, reminder_settings, value_tier_snapshot, scoring_snapshot_run, lifecycle_override, scoring_settings, customer_stats, service_case, inquiry, follow_up, follow_up_step, payment, order_line, sales_order, idempotency_record,
                product, product_category, customer_assignment, customer, custom_field_definition, api_key, auth_token, app_user, store,
                department restart identity cascade`,
  );
  await em.execute('alter sequence order_number_seq restart');
}

/**
 * The demo company: a department tree (总部 → regions → sales departments), stores, an
 * admin, a manager per department, 20 salespeople and a few thousand customers with
 * realistic Chinese names, cities, sources, industries, tags and behavioural types.
 */
export async function seedDemoData(em: EntityManager, options: SeedOptions): Promise<SeedSummary> {
  const faker = new Faker({ locale: [zh_CN, en, base], seed: options.seed ?? 20_261_123 });
  // People's names come from a generator of their own (realistic surnames); `faker.person.fullName()` is still drawn where
  // it was so that everything else the seed gives stays the same.
  const names = new Faker({ locale: [zh_CN, en, base], seed: (options.seed ?? 20_261_123) + 1 });
  const personName = () => {
    faker.person.fullName();
    return chineseName(names);
  };
  const now = options.now ?? new Date();
  return em.transactional(async (tx) => {
    // tx.execute runs on the transaction's connection, so the whole seed is atomic.
    const c = tx;
    // Departments: ids are assigned in order, so paths follow from the parent's.
    const deptIds = new Map<string, { id: number; path: string }>();
    for (const d of DEPARTMENTS) {
      const parent = d.parent ? deptIds.get(d.parent)! : null;
      const [row] = await c.execute(
        `insert into department (name, parent_id, path, created_at, updated_at) values (?, ?, '/', ?, ?) returning id`,
        [d.name, parent?.id ?? null, now, now],
      );
      const path = `${parent?.path ?? '/'}${row.id}/`;
      await c.execute('update department set path = ? where id = ?', [path, row.id]);
      deptIds.set(d.key, { id: row.id, path });
    }

    const stores: Array<{ id: number; dept: string; city: string }> = [];
    for (const d of DEPARTMENTS.filter((x) => x.stores)) {
      for (const s of d.stores!) {
        const [row] = await c.execute(
          `insert into store (name, department_id, city, address, active, created_at, updated_at) values (?, ?, ?, ?, true, ?, ?) returning id`,
          [s.name, deptIds.get(d.key)!.id, s.city, s.address, now, now],
        );
        stores.push({ id: row.id, dept: d.key, city: s.city });
      }
    }

    const insertUser = async (u: {
      name: string;
      email: string;
      role: Role;
      dept: string | null;
      storeId: number | null;
      password: string;
    }) => {
      const [row] = await c.execute(
        `insert into app_user (name, email, phone, role, department_id, store_id, active, password_hash, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, true, ?, ?, ?) returning id`,
        [
          u.name,
          u.email,
          mobile(faker),
          u.role,
          u.dept ? deptIds.get(u.dept)!.id : null,
          u.storeId,
          await hashPassword(u.password),
          now,
          now,
        ],
      );
      return row.id as number;
    };

    await insertUser({ name: '系统管理员', email: 'admin@example.com', role: 'ADMIN', dept: 'hq', storeId: null, password: 'admin123' });
    let users = 1;
    for (const d of DEPARTMENTS.filter((x) => x.managerEmail)) {
      await insertUser({
        name: personName(),
        email: d.managerEmail!,
        role: 'MANAGER',
        dept: d.key,
        storeId: null,
        password: 'manager123',
      });
      users++;
    }
    const salespeople: Array<{ id: number; dept: string; storeId: number }> = [];
    const salesDepartments = DEPARTMENTS.filter((x) => x.stores);
    for (let i = 1; i <= 20; i++) {
      const d = salesDepartments[(i - 1) % salesDepartments.length];
      const deptStores = stores.filter((s) => s.dept === d.key);
      const store = deptStores[i % deptStores.length];
      const id = await insertUser({
        name: personName(),
        email: `sales${String(i).padStart(2, '0')}@example.com`,
        role: 'SALES',
        dept: d.key,
        storeId: store.id,
        password: 'sales123',
      });
      salespeople.push({ id, dept: d.key, storeId: store.id });
      users++;
    }

    const columns = [
      'kind',
      'name',
      'company_name',
      'phone',
      'email',
      'phones',
      'emails',
      'wechat_ids',
      'addresses',
      'source',
      'country',
      'province',
      'city',
      'city_tier',
      'industry',
      'birthday',
      'important_dates',
      'economic_status',
      'purchase_characteristics',
      'previous_categories',
      'main_suppliers',
      'gender',
      'age_band',
      'income_band',
      'occupation',
      'education',
      'company_size',
      'types',
      'tags',
      'custom_fields',
      'preferred_channel',
      'preferred_contact_time',
      'consents',
      'notes',
      'owner_id',
      'department_id',
      'store_id',
      'search_text',
      'version',
      'archived_at',
      'created_at',
      'updated_at',
    ];
    const batch: unknown[][] = [];
    const assignments: Array<{ index: number; owner: number | null; at: Date }> = [];
    let made = 0;
    const flush = async () => {
      if (!batch.length) return;
      const placeholders = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      const rows: Array<{ id: number }> = await c.execute(
        `insert into customer (${columns.join(', ')}) values ${placeholders} returning id`,
        batch.flat(),
      );
      const values = rows.map((r, i) => {
        const a = assignments[i];
        return [r.id, a.owner, a.at];
      });
      const ph = values.map(() => `(?, null, ?, 'created', null, ?)`).join(', ');
      await c.execute(
        `insert into customer_assignment (customer_id, from_owner_id, to_owner_id, reason, assigned_by_id, assigned_at) values ${ph}`,
        values.flat(),
      );
      made += batch.length;
      batch.length = 0;
      assignments.length = 0;
    };

    for (let i = 0; i < options.customers; i++) {
      const company = faker.number.float() < 0.35;
      const place = faker.helpers.weightedArrayElement(CITIES.map((x) => ({ weight: x.weight, value: x })));
      // Most customers belong to the salesperson of their region; ~4% are unassigned leads.
      const regional = salespeople.filter((s) => DEPARTMENTS.find((d) => d.key === s.dept)!.cities!.includes(place.city));
      const owner = faker.number.float() < 0.04 ? null : faker.helpers.arrayElement(regional.length ? regional : salespeople);
      const person = personName();
      const name = company ? companyName(faker, place.city) : person;
      const phone = mobile(faker);
      const email =
        faker.number.float() < 0.6
          ? `${faker.internet
              .username()
              .toLowerCase()
              .replace(/[^a-z0-9._-]/g, '')}${i}@${faker.helpers.arrayElement(['qq.com', '163.com', '126.com', 'sina.com', 'example.cn'])}`
          : null;
      const createdAt = new Date(now.getTime() - Math.floor(faker.number.float() ** 1.3 * 3 * 365 * DAY));
      const types = faker.helpers.arrayElements(
        V.BEHAVIOURAL_TYPES.values,
        faker.helpers.weightedArrayElement([
          { weight: 3, value: 0 },
          { weight: 6, value: 1 },
          { weight: 1, value: 2 },
        ]),
      );
      const tags = faker.helpers.arrayElements(TAGS, faker.number.int({ min: 0, max: 3 }));
      const extraPhones = faker.number.float() < 0.15 ? [mobile(faker)] : [];
      const wechat = faker.number.float() < 0.5 ? [`wx_${faker.string.alphanumeric(8).toLowerCase()}`] : [];
      const birthday =
        !company && faker.number.float() < 0.7
          ? faker.date.birthdate({ min: 22, max: 70, mode: 'age', refDate: now }).toISOString().slice(0, 10)
          : null;
      const searchText = searchTextOf({ name, companyName: null, phone, email, phones: extraPhones, emails: [], wechatIds: wechat });
      const consents = [{ channel: 'SMS', granted: faker.number.float() < 0.8, updatedAt: createdAt.toISOString() }];
      batch.push([
        company ? 'COMPANY' : 'PERSON',
        name,
        null,
        phone,
        email,
        arr(extraPhones),
        arr([]),
        arr(wechat),
        JSON.stringify([
          {
            label: company ? '公司' : '家',
            country: 'CN',
            province: place.province,
            city: place.city,
            district: null,
            street: `${faker.location.street()}${faker.number.int({ min: 1, max: 999 })}号`,
            postalCode: null,
          },
        ]),
        faker.helpers.weightedArrayElement(SOURCE_WEIGHTS),
        'CN',
        place.province,
        place.city,
        place.tier,
        company ? faker.helpers.arrayElement(INDUSTRIES) : faker.number.float() < 0.5 ? faker.helpers.arrayElement(INDUSTRIES) : null,
        birthday,
        JSON.stringify(
          company && faker.number.float() < 0.3
            ? [
                {
                  kind: 'COMPANY_ANNIVERSARY',
                  label: '公司成立日',
                  date: faker.date.past({ years: 20, refDate: now }).toISOString().slice(0, 10),
                },
              ]
            : [],
        ),
        faker.helpers.arrayElement(V.ECONOMIC_STATUSES.values),
        null,
        arr(faker.helpers.arrayElements(PRODUCT_CATEGORIES, faker.number.int({ min: 0, max: 2 }))),
        JSON.stringify(
          faker.number.float() < 0.3
            ? [{ name: faker.helpers.arrayElement(SUPPLIERS), satisfaction: faker.number.int({ min: 1, max: 5 }), note: null }]
            : [],
        ),
        company ? null : faker.helpers.arrayElement(['MALE', 'FEMALE']),
        company ? null : faker.helpers.arrayElement(V.AGE_BANDS.values),
        company ? null : faker.helpers.arrayElement(V.INCOME_BANDS.values),
        company ? null : faker.helpers.arrayElement(['教师', '医生', '工程师', '个体经营', '公务员', '销售', '设计师', '财务']),
        company ? null : faker.helpers.arrayElement(V.EDUCATION_LEVELS.values),
        company ? faker.helpers.arrayElement(V.COMPANY_SIZES.values) : null,
        arr(types),
        arr(tags),
        '{}',
        faker.helpers.arrayElement([null, 'PHONE', 'WECHAT', 'SMS', 'EMAIL']),
        faker.helpers.arrayElement([null, '工作日上午', '工作日晚上', '周末']),
        JSON.stringify(consents),
        null,
        owner?.id ?? null,
        owner ? deptIds.get(owner.dept)!.id : null,
        owner?.storeId ?? null,
        searchText,
        1,
        faker.number.float() < 0.02 ? new Date(createdAt.getTime() + DAY) : null,
        createdAt,
        createdAt,
      ]);
      assignments.push({ index: i, owner: owner?.id ?? null, at: createdAt });
      if (batch.length === 500) await flush();
    }
    await flush();
    options.log?.debug({ made }, 'customers seeded');
    const records = options.records === false ? {} : await seedDemoRecords(tx, now, options.timeZone ?? 'Asia/Shanghai');
    const marketing = options.records === false ? {} : await seedDemoMarketing(tx, now, options.timeZone ?? 'Asia/Shanghai');
    // Statistics for what was just loaded: until autovacuum gets to it, a bulk-loaded table
    // without them can make a set query hundreds of times slower (STACK.md).
    await tx.execute('analyze');
    // After the statistics: the reminder rules read the records as sets.
    const reminders = options.records === false ? {} : await seedDemoReminders(tx, now, options.timeZone ?? 'Asia/Shanghai');
    return { departments: deptIds.size, stores: stores.length, users, customers: made, ...records, ...marketing, ...reminders };
  });
}

const SOURCE_WEIGHTS = [
  { weight: 22, value: 'REFERRAL' },
  { weight: 14, value: 'WEBSITE' },
  { weight: 10, value: 'EXHIBITION' },
  { weight: 8, value: 'COLD_CALL' },
  { weight: 16, value: 'WALK_IN' },
  { weight: 12, value: 'SOCIAL_MEDIA' },
  { weight: 6, value: 'ADVERTISING' },
  { weight: 6, value: 'B2B_PLATFORM' },
  { weight: 4, value: 'PARTNER' },
  { weight: 2, value: 'OTHER' },
];

function arr(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function mobile(faker: Faker): string {
  return `+86${faker.helpers.arrayElement(MOBILE_PREFIXES)}${faker.string.numeric(8)}`;
}

function companyName(faker: Faker, city: string): string {
  const core = faker.helpers.arrayElement([
    '华信',
    '恒达',
    '金鼎',
    '宏远',
    '鑫源',
    '瑞丰',
    '天成',
    '博雅',
    '永泰',
    '中联',
    '新锐',
    '远航',
    '盛世',
    '嘉禾',
    '东方',
    '长城',
    '汇通',
    '明辉',
    '佳美',
    '华泰',
  ]);
  const trade = faker.helpers.arrayElement([
    '贸易',
    '科技',
    '实业',
    '建材',
    '电器',
    '餐饮',
    '酒店',
    '装饰',
    '医疗器械',
    '文化传媒',
    '物流',
    '农业',
  ]);
  const form = faker.helpers.arrayElement(['有限公司', '股份有限公司', '商行', '经营部']);
  return `${city.replace(/市$/, '')}${core}${trade}${form}`;
}
