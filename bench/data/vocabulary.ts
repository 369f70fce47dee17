import {
  CITIES,
  INDUSTRIES,
  PRODUCT_CATALOGUE,
  PRODUCT_CATEGORIES,
  SUPPLIERS,
  TAGS,
  type DemoProduct,
} from '../../src/db/seeders/demo-vocabulary';

/**
 * Fixed vocabularies of the benchmark company. The demo's own lists (cities with tiers,
 * industries, tags, the product catalogue) are reused so both datasets read alike; what is
 * added here is what the SQL generator needs in bulk: names with their pinyin for e-mail
 * addresses, the region of each city, and a catalogue grown to ~50 products.
 */
export { CITIES, INDUSTRIES, PRODUCT_CATEGORIES, SUPPLIERS, TAGS };

/** Common surnames and their pinyin (same order). */
export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['许', 'xu'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['曾', 'zeng'],
  ['肖', 'xiao'],
  ['田', 'tian'],
  ['董', 'dong'],
  ['袁', 'yuan'],
  ['潘', 'pan'],
  ['于', 'yu'],
  ['蒋', 'jiang'],
  ['蔡', 'cai'],
  ['余', 'yu'],
  ['杜', 'du'],
  ['叶', 'ye'],
  ['程', 'cheng'],
  ['苏', 'su'],
  ['魏', 'wei'],
  ['吕', 'lv'],
  ['丁', 'ding'],
  ['任', 'ren'],
  ['沈', 'shen'],
  ['姚', 'yao'],
  ['卢', 'lu'],
  ['姜', 'jiang'],
  ['崔', 'cui'],
  ['钟', 'zhong'],
  ['谭', 'tan'],
  ['陆', 'lu'],
  ['汪', 'wang'],
  ['范', 'fan'],
  ['金', 'jin'],
  ['石', 'shi'],
  ['廖', 'liao'],
  ['贾', 'jia'],
  ['夏', 'xia'],
  ['韦', 'wei'],
  ['付', 'fu'],
  ['方', 'fang'],
  ['白', 'bai'],
  ['邹', 'zou'],
  ['孟', 'meng'],
  ['熊', 'xiong'],
  ['秦', 'qin'],
  ['邱', 'qiu'],
  ['江', 'jiang'],
  ['尹', 'yin'],
  ['薛', 'xue'],
  ['闫', 'yan'],
  ['段', 'duan'],
  ['雷', 'lei'],
  ['侯', 'hou'],
  ['龙', 'long'],
  ['史', 'shi'],
  ['陶', 'tao'],
  ['黎', 'li'],
  ['贺', 'he'],
  ['顾', 'gu'],
  ['毛', 'mao'],
  ['郝', 'hao'],
  ['龚', 'gong'],
  ['邵', 'shao'],
  ['万', 'wan'],
  ['钱', 'qian'],
  ['严', 'yan'],
  ['覃', 'qin'],
  ['武', 'wu'],
  ['戴', 'dai'],
  ['莫', 'mo'],
  ['孔', 'kong'],
  ['向', 'xiang'],
  ['汤', 'tang'],
];

/** Characters of given names and their pinyin; a given name is one or two of them. */
export const GIVEN_CHARS: ReadonlyArray<readonly [string, string]> = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['艳', 'yan'],
  ['杰', 'jie'],
  ['娟', 'juan'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['秀', 'xiu'],
  ['霞', 'xia'],
  ['平', 'ping'],
  ['刚', 'gang'],
  ['桂', 'gui'],
  ['英', 'ying'],
  ['华', 'hua'],
  ['玉', 'yu'],
  ['萍', 'ping'],
  ['红', 'hong'],
  ['文', 'wen'],
  ['辉', 'hui'],
  ['建', 'jian'],
  ['国', 'guo'],
  ['俊', 'jun'],
  ['鹏', 'peng'],
  ['宇', 'yu'],
  ['晨', 'chen'],
  ['浩', 'hao'],
  ['欣', 'xin'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['琳', 'lin'],
  ['佳', 'jia'],
  ['慧', 'hui'],
  ['志', 'zhi'],
  ['丹', 'dan'],
  ['斌', 'bin'],
  ['波', 'bo'],
  ['梅', 'mei'],
  ['颖', 'ying'],
  ['倩', 'qian'],
  ['宁', 'ning'],
  ['博', 'bo'],
  ['凯', 'kai'],
  ['思', 'si'],
  ['嘉', 'jia'],
  ['子', 'zi'],
  ['雨', 'yu'],
  ['梓', 'zi'],
  ['睿', 'rui'],
  ['诗', 'shi'],
  ['涵', 'han'],
  ['轩', 'xuan'],
  ['晓', 'xiao'],
  ['海', 'hai'],
  ['春', 'chun'],
  ['燕', 'yan'],
  ['亮', 'liang'],
  ['成', 'cheng'],
  ['飞', 'fei'],
  ['云', 'yun'],
  ['峰', 'feng'],
];

/** Cores of company names and their pinyin (for the company's e-mail address). */
export const COMPANY_CORES: ReadonlyArray<readonly [string, string]> = [
  ['华信', 'huaxin'],
  ['恒达', 'hengda'],
  ['金鼎', 'jinding'],
  ['宏远', 'hongyuan'],
  ['鑫源', 'xinyuan'],
  ['瑞丰', 'ruifeng'],
  ['天成', 'tiancheng'],
  ['博雅', 'boya'],
  ['永泰', 'yongtai'],
  ['中联', 'zhonglian'],
  ['新锐', 'xinrui'],
  ['远航', 'yuanhang'],
  ['盛世', 'shengshi'],
  ['嘉禾', 'jiahe'],
  ['东方', 'dongfang'],
  ['长城', 'changcheng'],
  ['汇通', 'huitong'],
  ['明辉', 'minghui'],
  ['佳美', 'jiamei'],
  ['华泰', 'huatai'],
];
export const COMPANY_TRADES = ['贸易', '科技', '实业', '建材', '电器', '餐饮', '酒店', '装饰', '医疗器械', '文化传媒', '物流', '农业'];
export const COMPANY_FORMS = ['有限公司', '股份有限公司', '商行', '经营部'];

export const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '158',
  '159',
  '177',
  '186',
  '187',
  '188',
  '189',
  '199',
];
export const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'example.cn'];
export const ROADS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '长江路',
  '黄河路',
  '文化路',
  '胜利路',
  '青年路',
  '朝阳路',
  '光明路',
  '幸福路',
  '滨江路',
];
export const STORE_AREAS = [
  '中心',
  '新城',
  '万达',
  '火车站',
  '高新区',
  '开发区',
  '大学城',
  '老城',
  '湖滨',
  '江北',
  '城东',
  '城西',
  '城南',
  '城北',
  '机场',
];
export const OCCUPATIONS = ['教师', '医生', '工程师', '个体经营', '公务员', '销售', '设计师', '财务'];

/** The source of a customer and its weight (as in the demo). */
export const SOURCE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['REFERRAL', 22],
  ['WEBSITE', 14],
  ['EXHIBITION', 10],
  ['COLD_CALL', 8],
  ['WALK_IN', 16],
  ['SOCIAL_MEDIA', 12],
  ['ADVERTISING', 6],
  ['B2B_PLATFORM', 6],
  ['PARTNER', 4],
  ['OTHER', 2],
];

export interface Region {
  key: string;
  name: string;
  cities: string[];
}

/** Sales regions and the cities (of CITIES) each covers. */
export const REGIONS: Region[] = [
  { key: 'east', name: '华东大区', cities: ['上海市', '杭州市', '苏州市', '南京市', '宁波市', '无锡市', '温州市', '绍兴市'] },
  { key: 'south', name: '华南大区', cities: ['广州市', '深圳市', '东莞市', '佛山市', '厦门市', '南宁市', '长沙市'] },
  { key: 'north', name: '华北大区', cities: ['北京市', '天津市', '济南市', '石家庄市', '郑州市'] },
  { key: 'west', name: '华中西部大区', cities: ['成都市', '武汉市', '西安市'] },
];

/** Products added to the demo catalogue, by top-level and second-level category. */
const EXTRA_PRODUCTS: Array<{ parent: string; child: string; products: DemoProduct[] }> = [
  {
    parent: '家电',
    child: '厨房电器',
    products: [
      { sku: 'KA-1005', name: '电磁炉', price: '299.00', cost: '180.00', maintenanceIntervalDays: 365 },
      { sku: 'KA-1006', name: '微波炉 23L', price: '699.00', cost: '430.00' },
      { sku: 'KA-1007', name: '吸油烟机', price: '2899.00', cost: '1900.00', maintenanceIntervalDays: 365 },
      { sku: 'KA-1008', name: '燃气灶', price: '1599.00', cost: '1000.00', maintenanceIntervalDays: 365 },
    ],
  },
  {
    parent: '家电',
    child: '生活电器',
    products: [
      { sku: 'LA-2004', name: '落地扇', price: '299.00', cost: '170.00' },
      { sku: 'LA-2005', name: '加湿器', price: '399.00', cost: '220.00', maintenanceIntervalDays: 180 },
      { sku: 'LA-2006', name: '无线吸尘器', price: '1299.00', cost: '800.00', maintenanceIntervalDays: 365 },
    ],
  },
  {
    parent: '家电',
    child: '个护电器',
    products: [
      { sku: 'PC-2101', name: '电动牙刷', price: '299.00', cost: '130.00' },
      { sku: 'PC-2102', name: '高速吹风机', price: '399.00', cost: '210.00' },
      { sku: 'PC-2103', name: '电动剃须刀', price: '499.00', cost: '260.00' },
    ],
  },
  {
    parent: '净水',
    child: '净水设备',
    products: [
      { sku: 'WP-3004', name: '管线机', price: '1299.00', cost: '780.00', maintenanceIntervalDays: 365 },
      { sku: 'WP-3005', name: '中央软水机', price: '5999.00', cost: '3900.00', maintenanceIntervalDays: 180 },
    ],
  },
  {
    parent: '净水',
    child: '滤芯耗材',
    products: [
      { sku: 'WF-3105', name: '软水盐(袋)', price: '49.00', cost: '20.00', usageCycleDays: 60 },
      { sku: 'WF-3106', name: '复合滤芯', price: '329.00', cost: '130.00', usageCycleDays: 365 },
    ],
  },
  {
    parent: '办公',
    child: '办公设备',
    products: [
      { sku: 'OF-4004', name: '考勤机', price: '699.00', cost: '420.00' },
      { sku: 'OF-4005', name: '会议平板 65寸', price: '12999.00', cost: '9100.00', maintenanceIntervalDays: 365 },
      { sku: 'OF-4006', name: '高速扫描仪', price: '1599.00', cost: '1050.00', maintenanceIntervalDays: 365 },
      { sku: 'OF-4007', name: '大型碎纸机', price: '1999.00', cost: '1300.00' },
    ],
  },
  {
    parent: '办公',
    child: '办公耗材',
    products: [
      { sku: 'OC-4104', name: '标签纸(卷)', price: '39.00', cost: '15.00', usageCycleDays: 30 },
      { sku: 'OC-4105', name: '装订夹(盒)', price: '59.00', cost: '22.00', usageCycleDays: 90 },
    ],
  },
  {
    parent: '日用品',
    child: '清洁用品',
    products: [
      { sku: 'DC-5004', name: '洗衣液 3kg', price: '59.90', cost: '26.00', usageCycleDays: 30 },
      { sku: 'DC-5005', name: '垃圾袋(箱)', price: '69.00', cost: '30.00', usageCycleDays: 30 },
      { sku: 'DC-5006', name: '地板清洁剂', price: '49.00', cost: '21.00', usageCycleDays: 45 },
    ],
  },
  {
    parent: '日用品',
    child: '纸品',
    products: [
      { sku: 'DP-5101', name: '抽纸(箱)', price: '89.00', cost: '52.00', usageCycleDays: 30 },
      { sku: 'DP-5102', name: '卷纸(提)', price: '45.00', cost: '25.00', usageCycleDays: 21 },
      { sku: 'DP-5103', name: '厨房纸(提)', price: '35.00', cost: '18.00', usageCycleDays: 30 },
      { sku: 'DP-5104', name: '湿厕纸', price: '29.90', cost: '13.00', usageCycleDays: 30 },
    ],
  },
];

export type Catalogue = Array<{ name: string; children: Array<{ name: string; products: DemoProduct[] }> }>;

/** The demo catalogue with the extra products merged in: 50 products in 13 categories (4 top-level). */
export function benchCatalogue(): Catalogue {
  const catalogue: Catalogue = PRODUCT_CATALOGUE.map((c) => ({
    name: c.name,
    children: c.children.map((s) => ({ name: s.name, products: [...s.products] })),
  }));
  for (const extra of EXTRA_PRODUCTS) {
    let parent = catalogue.find((c) => c.name === extra.parent);
    if (!parent) catalogue.push((parent = { name: extra.parent, children: [] }));
    let child = parent.children.find((s) => s.name === extra.child);
    if (!child) parent.children.push((child = { name: extra.child, products: [] }));
    child.products.push(...extra.products);
  }
  return catalogue;
}
