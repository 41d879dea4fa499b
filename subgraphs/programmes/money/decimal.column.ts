import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import { BetterSqlitePlatform } from '@mikro-orm/better-sqlite';
import { Decimal } from '../import/decimal.js';

/** Digits after the point that amounts keep: thousand UAH to the kopeck. */
export const MONEY_SCALE = 5;

/**
 * An exact decimal column, read and written as canonical decimal text (`80799.1`).
 * PostgreSQL stores `numeric(20,5)`; SQLite stores text, because a SQLite NUMERIC column
 * would turn `215652.3` into a binary float. Sums are never taken in SQL (SQLite would sum
 * text as floats): they are taken over these texts with `Decimal`.
 */
export class DecimalColumn extends Type<string | null, string | null> {
  override convertToDatabaseValue(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : Decimal.of(value).toString();
  }

  override convertToJSValue(value: string | number | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    // PostgreSQL answers numeric as text ("80799.10000"); a number would mean a float crept in.
    if (typeof value === 'number') throw new TypeError('A decimal column answered a binary float');
    return Decimal.of(value).toString();
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return platform instanceof BetterSqlitePlatform ? 'text' : `numeric(20,${MONEY_SCALE})`;
  }
}
