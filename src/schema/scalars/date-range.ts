/**
 * The years a `Date` or `DateTime` may name: 0001 to 9999, the four-digit years of ISO 8601
 * and RFC 3339. PostgreSQL has no year 0 (`'0000-01-01'` is "out of range"), and JavaScript
 * writes years past 9999 as `+010000-…`, which PostgreSQL refuses as a time zone; inside
 * this range every value survives the round trip unchanged.
 */
export const EARLIEST_DAY = '0001-01-01';
export const LATEST_DAY = '9999-12-31';

/** The same range for instants, in UTC: an offset cannot carry a value out of it. */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
