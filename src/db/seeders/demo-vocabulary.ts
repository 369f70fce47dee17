/** Fixed vocabularies of the demo company: its departments, cities, industries and tags. */
export interface DemoDepartment {
  key: string;
  name: string;
  parent?: string;
  managerEmail?: string;
  cities?: string[];
  stores?: Array<{ name: string; city: string; address: string }>;
}

export const DEPARTMENTS: DemoDepartment[] = [
  { key: 'hq', name: '总部' },
  { key: 'east', name: '华东大区', parent: 'hq', managerEmail: 'manager.east@example.com' },
  {
    key: 'shanghai',
    name: '上海销售部',
    parent: 'east',
    managerEmail: 'manager.shanghai@example.com',
    cities: ['上海市', '苏州市', '南京市', '无锡市'],
    stores: [
      { name: '上海徐汇店', city: '上海市', address: '徐汇区漕溪北路88号' },
      { name: '苏州园区店', city: '苏州市', address: '工业园区星湖街328号' },
    ],
  },
  {
    key: 'hangzhou',
    name: '杭州销售部',
    parent: 'east',
    managerEmail: 'manager.hangzhou@example.com',
    cities: ['杭州市', '宁波市', '温州市', '绍兴市'],
    stores: [{ name: '杭州西湖店', city: '杭州市', address: '西湖区文三路259号' }],
  },
  { key: 'south', name: '华南大区', parent: 'hq', managerEmail: 'manager.south@example.com' },
  {
    key: 'guangzhou',
    name: '广州销售部',
    parent: 'south',
    managerEmail: 'manager.guangzhou@example.com',
    cities: ['广州市', '佛山市', '东莞市', '长沙市'],
    stores: [{ name: '广州天河店', city: '广州市', address: '天河区天河路385号' }],
  },
  {
    key: 'shenzhen',
    name: '深圳销售部',
    parent: 'south',
    managerEmail: 'manager.shenzhen@example.com',
    cities: ['深圳市', '厦门市', '南宁市'],
    stores: [{ name: '深圳南山店', city: '深圳市', address: '南山区科技园南区12号' }],
  },
  { key: 'north', name: '华北大区', parent: 'hq', managerEmail: 'manager.north@example.com' },
  {
    key: 'beijing',
    name: '北京销售部',
    parent: 'north',
    managerEmail: 'manager.beijing@example.com',
    cities: ['北京市', '天津市', '石家庄市', '济南市', '成都市', '武汉市', '西安市', '郑州市'],
    stores: [
      { name: '北京朝阳店', city: '北京市', address: '朝阳区建国路93号' },
      { name: '天津和平店', city: '天津市', address: '和平区南京路189号' },
    ],
  },
];

export const CITIES: Array<{ province: string; city: string; tier: number; weight: number }> = [
  { province: '上海市', city: '上海市', tier: 1, weight: 12 },
  { province: '北京市', city: '北京市', tier: 1, weight: 11 },
  { province: '广东省', city: '广州市', tier: 1, weight: 9 },
  { province: '广东省', city: '深圳市', tier: 1, weight: 9 },
  { province: '浙江省', city: '杭州市', tier: 2, weight: 7 },
  { province: '江苏省', city: '苏州市', tier: 2, weight: 6 },
  { province: '江苏省', city: '南京市', tier: 2, weight: 5 },
  { province: '四川省', city: '成都市', tier: 2, weight: 5 },
  { province: '湖北省', city: '武汉市', tier: 2, weight: 4 },
  { province: '天津市', city: '天津市', tier: 2, weight: 4 },
  { province: '陕西省', city: '西安市', tier: 2, weight: 3 },
  { province: '广东省', city: '东莞市', tier: 2, weight: 3 },
  { province: '广东省', city: '佛山市', tier: 2, weight: 3 },
  { province: '浙江省', city: '宁波市', tier: 2, weight: 3 },
  { province: '湖南省', city: '长沙市', tier: 2, weight: 3 },
  { province: '河南省', city: '郑州市', tier: 2, weight: 3 },
  { province: '江苏省', city: '无锡市', tier: 3, weight: 2 },
  { province: '浙江省', city: '温州市', tier: 3, weight: 2 },
  { province: '福建省', city: '厦门市', tier: 3, weight: 2 },
  { province: '山东省', city: '济南市', tier: 3, weight: 2 },
  { province: '河北省', city: '石家庄市', tier: 3, weight: 2 },
  { province: '浙江省', city: '绍兴市', tier: 3, weight: 1 },
  { province: '广西壮族自治区', city: '南宁市', tier: 3, weight: 1 },
];

export const INDUSTRIES = ['零售', '制造业', '餐饮', '酒店', '建筑装饰', '医疗', '教育', '物流', '互联网', '农业', '汽车', '房地产'];

export const TAGS = ['老客户介绍', '价格敏感', '重视服务', '批量采购', '决策人', '需回访', '展会名单', '高潜力', '竞品用户', '节日送礼'];

export const PRODUCT_CATEGORIES = ['家电', '厨具', '耗材', '办公设备', '净水设备', '建材', '日用品'];

export const SUPPLIERS = ['美的', '格力', '海尔', '苏宁', '京东企业购', '本地经销商'];

export interface DemoProduct {
  sku: string;
  name: string;
  price: string;
  cost: string;
  usageCycleDays?: number;
  maintenanceIntervalDays?: number;
}

/** Categories (two levels) and products: consumables carry a usage cycle, durables a maintenance interval. */
export const PRODUCT_CATALOGUE: Array<{ name: string; children: Array<{ name: string; products: DemoProduct[] }> }> = [
  {
    name: '家电',
    children: [
      {
        name: '厨房电器',
        products: [
          { sku: 'KA-1001', name: '电热水壶 1.7L', price: '199.00', cost: '118.00', maintenanceIntervalDays: 365 },
          { sku: 'KA-1002', name: '电饭煲 4L', price: '499.00', cost: '310.00', maintenanceIntervalDays: 365 },
          { sku: 'KA-1003', name: '破壁料理机', price: '899.00', cost: '560.00', maintenanceIntervalDays: 180 },
          { sku: 'KA-1004', name: '嵌入式蒸烤箱', price: '4599.00', cost: '3100.00', maintenanceIntervalDays: 365 },
        ],
      },
      {
        name: '生活电器',
        products: [
          { sku: 'LA-2001', name: '空气净化器', price: '1999.00', cost: '1280.00', maintenanceIntervalDays: 180 },
          { sku: 'LA-2002', name: '除湿机 20L', price: '1599.00', cost: '990.00', maintenanceIntervalDays: 365 },
          { sku: 'LA-2003', name: '扫地机器人', price: '2599.00', cost: '1700.00', maintenanceIntervalDays: 180 },
        ],
      },
    ],
  },
  {
    name: '净水',
    children: [
      {
        name: '净水设备',
        products: [
          { sku: 'WP-3001', name: '反渗透净水器 600G', price: '2999.00', cost: '1850.00', maintenanceIntervalDays: 180 },
          { sku: 'WP-3002', name: '商用净水机', price: '8999.00', cost: '5900.00', maintenanceIntervalDays: 90 },
          { sku: 'WP-3003', name: '前置过滤器', price: '699.00', cost: '380.00', maintenanceIntervalDays: 365 },
        ],
      },
      {
        name: '滤芯耗材',
        products: [
          { sku: 'WF-3101', name: 'PP棉滤芯', price: '59.00', cost: '18.00', usageCycleDays: 90 },
          { sku: 'WF-3102', name: '活性炭滤芯', price: '89.00', cost: '30.00', usageCycleDays: 180 },
          { sku: 'WF-3103', name: 'RO反渗透膜', price: '399.00', cost: '160.00', usageCycleDays: 730 },
          { sku: 'WF-3104', name: '空气净化器滤网', price: '259.00', cost: '95.00', usageCycleDays: 180 },
        ],
      },
    ],
  },
  {
    name: '办公',
    children: [
      {
        name: '办公设备',
        products: [
          { sku: 'OF-4001', name: '激光打印机', price: '1899.00', cost: '1300.00', maintenanceIntervalDays: 365 },
          { sku: 'OF-4002', name: '碎纸机', price: '599.00', cost: '350.00' },
          { sku: 'OF-4003', name: '投影仪', price: '3999.00', cost: '2700.00', maintenanceIntervalDays: 365 },
        ],
      },
      {
        name: '办公耗材',
        products: [
          { sku: 'OC-4101', name: '硒鼓', price: '299.00', cost: '120.00', usageCycleDays: 60 },
          { sku: 'OC-4102', name: 'A4复印纸(箱)', price: '129.00', cost: '85.00', usageCycleDays: 30 },
          { sku: 'OC-4103', name: '墨盒套装', price: '189.00', cost: '70.00', usageCycleDays: 45 },
        ],
      },
    ],
  },
  {
    name: '日用品',
    children: [
      {
        name: '清洁用品',
        products: [
          { sku: 'DC-5001', name: '洗洁精 2kg', price: '29.90', cost: '12.00', usageCycleDays: 30 },
          { sku: 'DC-5002', name: '除垢剂', price: '39.00', cost: '14.00', usageCycleDays: 60 },
          { sku: 'DC-5003', name: '消毒湿巾(箱)', price: '99.00', cost: '45.00', usageCycleDays: 30 },
        ],
      },
    ],
  },
];
