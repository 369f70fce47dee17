import { textArray, timeSql, type GeneratorContext } from './sql';

const FOLLOW_UP_SUMMARIES = [
  '电话沟通产品需求，客户关注价格',
  '微信发送产品资料和报价单',
  '上门拜访，了解使用环境',
  '邀请参加新品体验会',
  '回访使用情况，客户反馈良好',
  '跟进报价，客户需要内部审批',
  '节日问候并介绍促销活动',
  '处理售后问题后回访',
];
const INQUIRY_DETAILS = [
  '门店整体更换净水设备',
  '办公室采购一批打印耗材',
  '新开餐厅需要厨房电器',
  '年度滤芯集中采购',
  '酒店客房小家电更新',
];
const SERVICE_DESCRIPTIONS = ['送货上门并签收', '上门安装调试', '设备故障报修', '定期保养', '对服务态度不满'];

/** Follow-ups as in the demo: prospects 0–3, buyers 1–6, the first five along the standard process. */
export async function insertFollowUps(ctx: GeneratorContext): Promise<number> {
  const { rnd: r } = ctx;
  const t = timeSql(ctx);
  const result = await ctx.client.query(
    `insert into follow_up (customer_id, salesperson_id, channel, occurred_at, summary, outcome, outcome_note, next_follow_up_on, step_id, created_at)
     select c.id, c.owner_id,
            ${r.pick(`array['CALL','CALL','WECHAT','WECHAT','VISIT','EMAIL','SMS','MEETING']`, 8, 'f.key', 401)},
            f.at,
            ${r.pick(textArray(FOLLOW_UP_SUMMARIES), FOLLOW_UP_SUMMARIES.length, 'f.key', 402)},
            ${r.pick(`array['INTERESTED','NEEDS_FOLLOW_UP','QUOTED','ORDERED','NOT_INTERESTED','NO_RESPONSE','OTHER']`, 7, 'f.key', 403)},
            null,
            case when ${r.u('f.key', 404)} < 0.4 then ((f.at + interval '14 days') at time zone ${t.tz})::date end,
            case when g <= 5 and ${r.u('f.key', 405)} < 0.6 then g end,
            f.at
       from t_cplan c
       cross join generate_series(1, case when c.class = 'NEVER' then floor(${r.u('c.id', 406)} * 4)::int else 1 + floor(${r.u('c.id', 407)} * 6)::int end) g
       cross join lateral (select c.id::bigint * 64 + g as key, c.created_at + (${t.now} - c.created_at) * ${r.u('c.id::bigint * 64 + g', 408)} as at) f
      order by c.id, g`,
  );
  return result.rowCount ?? 0;
}

/**
 * Inquiries in every status: 30% of customers have one, loyal customers 3–8 (so a busy
 * customer shows five). A won inquiry points at the order it became; one without such an
 * order is lost instead (reason 未能成交), as in the demo.
 */
export async function insertInquiries(ctx: GeneratorContext): Promise<number> {
  const { rnd: r } = ctx;
  const t = timeSql(ctx);
  await ctx.client.query(
    `create temp table t_inq as
     select c.id as customer_id, c.owner_id, c.class, j, k.key,
            ${t.now} - ${r.u('k.key', 501)} * least(300, extract(epoch from ${t.now} - c.created_at) / 86400) * interval '1 day' as at,
            ${r.pick(`array['PHONE','EMAIL','FAX','WEBSITE','WECHAT','B2B_PLATFORM','EXHIBITION']`, 7, 'k.key', 502)} as channel,
            case when ${r.u('k.key', 503)} < 0.2 then 'URGENT' else 'NORMAL' end as urgency,
            ${r.pick(`array['NEW','QUOTED','NEGOTIATING','WON','LOST']`, 5, 'k.key', 504)} as status
       from t_cplan c
       cross join generate_series(1, case when c.class = 'LOYAL' then 3 + floor(${r.u('c.id', 505)} * 6)::int
                                          when ${r.u('c.id', 506)} < 0.3 then 1 else 0 end) j
       cross join lateral (select c.id::bigint * 64 + j as key) k`,
  );
  // A won inquiry became the customer's first completed order on or after its arrival (as in
  // the demo); when two won inquiries would claim one order, the later one is lost instead.
  await ctx.client.query(`create index on t_ord (customer_id, at) where status = 'COMPLETED'`);
  await ctx.client.query(
    `create temp table t_inq_won as
     select w.customer_id, w.j, w.order_id, row_number() over (partition by w.order_id order by w.at, w.customer_id, w.j) = 1 as first_for_order
       from (select i.customer_id, i.j, i.at,
                    (select o.id from t_ord o where o.customer_id = i.customer_id and o.status = 'COMPLETED' and o.at >= i.at
                      order by o.at, o.id limit 1) as order_id
               from t_inq i where i.status = 'WON') w
      where w.order_id is not null`,
  );
  const result = await ctx.client.query(
    `insert into inquiry (customer_id, salesperson_id, received_at, channel, urgency, status, country, project_details, application_area,
                          quantity, quantity_unit, currency, target_price, amount, packaging, delivery_requirements, customer_background,
                          repeat_order, response_due_at, first_responded_at, lost_reason, order_id, closed_at, created_at, updated_at)
     select i.customer_id, i.owner_id, i.at, i.channel, i.urgency, fs.status, 'CN',
            ${r.pick(textArray(INQUIRY_DETAILS), INQUIRY_DETAILS.length, 'i.key', 510)},
            ${r.pick(`array['餐饮','办公','酒店','家庭','零售']`, 5, 'i.key', 511)},
            (10 + floor(${r.u('i.key', 512)} * 200))::numeric, '台', 'CNY',
            round((100 + ${r.u('i.key', 513)} * 2000)::numeric, 2), round((2000 + ${r.u('i.key', 514)} * 80000)::numeric, 2),
            '标准包装', '30天内送货上门', null, i.class <> 'NEVER',
            case when i.urgency = 'URGENT'
                 then greatest(date_trunc('day', i.at at time zone ${t.tz}) + interval '18 hours', i.at at time zone ${t.tz} + interval '2 hours') at time zone ${t.tz}
                 when i.channel in ('EMAIL', 'FAX') then i.at + interval '12 hours' else i.at + interval '24 hours' end,
            case when fs.status <> 'NEW' or ${r.u('i.key', 515)} < 0.5 then least(i.at + ${r.u('i.key', 516)} * interval '20 hours', ${t.now}) end,
            case when fs.status = 'LOST' then case when i.status = 'LOST' then ${r.pick(`array['价格高于竞品','客户预算取消','交期不满足']`, 3, 'i.key', 517)} else '未能成交' end end,
            d.order_id,
            case when fs.status in ('WON', 'LOST') then least(i.at + interval '7 days', ${t.now}) end,
            i.at, i.at
       from t_inq i
       left join t_inq_won d on d.customer_id = i.customer_id and d.j = i.j and d.first_for_order
       cross join lateral (select case when i.status = 'WON' and d.order_id is null then 'LOST' else i.status end as status) fs
      order by i.customer_id, i.j`,
  );
  await ctx.client.query('drop table t_inq, t_inq_won');
  return result.rowCount ?? 0;
}

/** After-sale: one in ten completed orders, on the order's first product; older cases are settled. */
export async function insertServiceCases(ctx: GeneratorContext): Promise<number> {
  const { rnd: r } = ctx;
  const t = timeSql(ctx);
  const result = await ctx.client.query(
    `insert into service_case (customer_id, order_id, product_id, type, status, description, appointment_at, assignee_id, resolution,
                               resolved_at, satisfaction, created_at, updated_at)
     select o.customer_id, o.id, 1 + o.pb, s.type, s.status,
            ${r.pick(textArray(SERVICE_DESCRIPTIONS), SERVICE_DESCRIPTIONS.length, 'o.id', 602)},
            case when s.status <> 'OPEN' then o.at + interval '3 days' end, o.owner_id,
            case when s.status in ('RESOLVED', 'CLOSED') then '已处理完毕，客户确认' end,
            case when s.status in ('RESOLVED', 'CLOSED') then x.resolved_at end,
            case when s.status in ('RESOLVED', 'CLOSED') and ${r.u('o.id', 603)} < 0.8 then ${r.pick('array[2,3,4,4,5,5,5]', 7, 'o.id', 604)} end,
            o.at, case when s.status in ('RESOLVED', 'CLOSED') then x.resolved_at else o.at end
       from t_ord o
       cross join lateral (
         select ${r.pick(`array['DELIVERY','INSTALLATION','WARRANTY','MAINTENANCE','COMPLAINT']`, 5, 'o.id', 605)} as type,
                case when o.at < ${t.now} - interval '60 days'
                     then ${r.pick(`array['CLOSED','CLOSED','CLOSED','CLOSED','CLOSED','CLOSED','RESOLVED','RESOLVED','RESOLVED','CANCELLED']`, 10, 'o.id', 606)}
                     else ${r.pick(`array['CLOSED','CLOSED','CLOSED','RESOLVED','RESOLVED','IN_PROGRESS','SCHEDULED','OPEN']`, 8, 'o.id', 607)} end as status) s
       cross join lateral (select least(o.at + interval '5 days', ${t.now}) as resolved_at) x
      where o.status = 'COMPLETED' and ${r.u('o.id', 601)} < 0.1
      order by o.id`,
  );
  return result.rowCount ?? 0;
}
