import { RequestError } from '../../domain/common/domain-error';
import { isCalendarDay } from '../../domain/common/calendar';
import { isLocale, type Locale } from '../../domain/common/locale';
import { resolvePeriod, type DayRange } from '../../domain/reports/report-period';
import { localIdOf, notAnIdOf } from '../../domain/common/global-id';
import { say, type Bilingual } from '../../domain/common/bilingual';

/**
 * The query string of a report export (`?from=2026-11-01&to=2026-11-30&groupBy=SALESPERSON,STORE`):
 * the GraphQL arguments of the report, flat. Lists are comma-separated or the parameter
 * repeated (`name=` is the empty list); ids are the API's global ids. Every mistake is a
 * `ParamError` naming the parameter (a 400), and a parameter the report does not know is one
 * too (a typo would otherwise be a silently different report).
 */
export class ParamError extends Error {
  /** The message in both languages (`message` is the English one). */
  readonly text: Bilingual;

  constructor(
    readonly parameter: string,
    detail: Bilingual,
  ) {
    super(`${parameter}: ${detail.en}`);
    this.text = say(`${parameter}：${detail.zh}`, this.message);
  }
}

export class QueryParams {
  private readonly read = new Set<string>();

  constructor(
    private readonly query: Readonly<Record<string, unknown>>,
    private readonly acceptLanguage: string | undefined,
  ) {}

  /** One value or none; given twice is a mistake. */
  string(name: string): string | undefined {
    this.read.add(name);
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new ParamError(name, say('只能给一次', 'give it once'));
    return value;
  }

  /** A list: comma-separated, or the parameter repeated; blanks dropped. */
  list(name: string): string[] | undefined {
    this.read.add(name);
    const value = this.query[name];
    if (value === undefined) return undefined;
    return (Array.isArray(value) ? value : [value])
      .flatMap((v) => String(v).split(','))
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
  }

  choice<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.string(name);
    if (value === undefined || value === '') return fallback;
    return this.checkChoice(name, values, value);
  }

  requiredChoice<T extends string>(name: string, values: readonly T[]): T {
    const value = this.string(name);
    if (value === undefined || value === '')
      throw new ParamError(name, say(`必填，取值为 ${values.join('、')} 之一`, `required, one of ${values.join(', ')}`));
    return this.checkChoice(name, values, value);
  }

  choices<T extends string>(name: string, values: readonly T[], fallback: readonly T[] = []): T[] {
    const list = this.list(name);
    return list === undefined ? [...fallback] : list.map((v) => this.checkChoice(name, values, v));
  }

  /** A calendar day, `YYYY-MM-DD`. */
  date(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    if (!isCalendarDay(value))
      throw new ParamError(name, say(`“${value}”不是 YYYY-MM-DD 格式的日期`, `"${value}" is not a calendar day as YYYY-MM-DD`));
    return value;
  }

  requiredDate(name: string, example: string): string {
    const value = this.date(name);
    if (value === undefined)
      throw new ParamError(
        name,
        say(`必填，YYYY-MM-DD 格式的日期（例如 ?${name}=${example}）`, `required, a calendar day as YYYY-MM-DD (e.g. ?${name}=${example})`),
      );
    return value;
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined || value === '') return undefined;
    return this.checkInt(name, value);
  }

  ints(name: string): number[] {
    return (this.list(name) ?? []).map((v) => this.checkInt(name, v));
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.optionalBoolean(name) ?? fallback;
  }

  /** `true`, `false`, or not given (null: either). */
  optionalBoolean(name: string): boolean | null {
    const value = this.string(name);
    if (value === undefined || value === '') return null;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ParamError(name, say(`“${value}”不是 true 或 false`, `"${value}" is not true or false`));
  }

  /** Global ids of one type, as local ids. */
  ids(name: string, type: string): number[] {
    return (this.list(name) ?? []).map((g) => this.checkId(name, type, g));
  }

  id(name: string, type: string): number | null {
    const value = this.string(name);
    return value === undefined || value === '' ? null : this.checkId(name, type, value);
  }

  /** `zh` or `en`; default from Accept-Language, as the API's `locale` arguments. */
  locale(fallback: (acceptLanguage: string | undefined) => Locale): Locale {
    const value = this.string('locale');
    if (value === undefined || value === '') return fallback(this.acceptLanguage);
    if (isLocale(value)) return value;
    throw new ParamError('locale', say(`“${value}”不是 zh 或 en`, `"${value}" is not zh or en`));
  }

  /**
   * The period of a report: `from` and `to` (calendar days, both included), or `year`, or
   * `month` (`YYYY-MM`), as `ReportPeriodInput`; checked by the reports' own rule.
   */
  period(): DayRange {
    const from = this.date('from');
    const to = this.date('to');
    const year = this.int('year');
    const month = this.string('month') || undefined;
    const forms = [from !== undefined || to !== undefined, year !== undefined, month !== undefined].filter(Boolean).length;
    if (forms === 0) {
      throw new ParamError(
        'from',
        say(
          '必填，用 from 和 to（?from=2026-11-01&to=2026-11-30）、year（?year=2026）或 month（?month=2026-11）给出期间',
          'required: the period as from and to (?from=2026-11-01&to=2026-11-30), or year (?year=2026), or month (?month=2026-11)',
        ),
      );
    }
    if (forms > 1)
      throw new ParamError(
        from !== undefined || to !== undefined ? 'from' : 'year',
        say('from 和 to、year、month 只能给其中一种', 'give only one of from and to, year, or month'),
      );
    if (from !== undefined && to === undefined) throw new ParamError('to', say('给了 from 时必填', 'required with from'));
    if (to !== undefined && from === undefined) throw new ParamError('from', say('给了 to 时必填', 'required with to'));
    if (from !== undefined && to !== undefined && from > to)
      throw new ParamError('from', say(`${from} 晚于 to（${to}）`, `${from} is after to (${to})`));
    try {
      return resolvePeriod({ from, to, year, month });
    } catch (error) {
      // The rule names `period.year`, `period.month`, `period.from`: here they are parameters.
      if (error instanceof RequestError) {
        const m = /^period(?:\.(\w+))?: (.*)$/s.exec(error.text.en);
        if (m) {
          const zh = /^period(?:\.\w+)?\s*[:：]\s*(.*)$/s.exec(error.text.zh)?.[1] ?? error.text.zh;
          throw new ParamError(m[1] ?? 'from', say(zh, m[2]));
        }
      }
      throw error;
    }
  }

  /** After parsing: a parameter nobody read is unknown to the report. */
  rejectUnknown(): void {
    const unknown = Object.keys(this.query).filter((name) => !this.read.has(name));
    if (unknown.length > 0) {
      const known = [...this.read].sort();
      throw new ParamError(
        unknown[0],
        say(`不是此报表的参数；它接受 ${known.join('、')}`, `not a parameter of this report; it takes ${known.join(', ')}`),
      );
    }
  }

  private checkChoice<T extends string>(name: string, values: readonly T[], value: string): T {
    if (!values.includes(value as T))
      throw new ParamError(
        name,
        say(`未知取值“${value}”；应为 ${values.join('、')} 之一`, `unknown value "${value}"; one of ${values.join(', ')}`),
      );
    return value as T;
  }

  private checkInt(name: string, value: string): number {
    if (!/^-?\d{1,9}$/.test(value)) throw new ParamError(name, say(`“${value}”不是整数`, `"${value}" is not a whole number`));
    return Number(value);
  }

  private checkId(name: string, type: string, globalId: string): number {
    const id = localIdOf(globalId, type);
    if (id == null) throw new ParamError(name, notAnIdOf(globalId, type));
    return id;
  }
}
