/**
 * Exact decimal numbers for money (thousand UAH, as the documents state it): an integer
 * of units and a scale, over bigint, so sums never pass through binary floating point.
 * Canonical text is a dot-separated decimal without trailing zeros (`80799.1`, `0`, `-3.05`).
 */
export class Decimal {
  private constructor(
    /** The value times 10^scale. */
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Canonical decimal text (`-12.50`, `7`), or null when it is not one: no exponents, no grouping, no comma. */
  static parse(text: string): Decimal | null {
    const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!match) return null;
    const fraction = match[3] ?? '';
    const units = BigInt(match[2]! + fraction);
    return new Decimal(match[1] ? -units : units, fraction.length).normalized();
  }

  /** Like `parse`, for values known to be well formed (the database's own columns). */
  static of(text: string): Decimal {
    const value = Decimal.parse(text);
    if (!value) throw new TypeError(`Not a decimal: ${text}`);
    return value;
  }

  static sum(values: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO;
    for (const value of values) total = total.plus(value);
    return total;
  }

  plus(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.at(scale) + other.at(scale), scale).normalized();
  }

  minus(other: Decimal): Decimal {
    return this.plus(other.negated());
  }

  negated(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.at(scale);
    const b = other.at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale);
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  toJSON(): string {
    return this.toString();
  }

  /** The units at a larger scale. */
  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  /** Without trailing zeros in the fraction: one canonical form per value. */
  private normalized(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale === this.scale ? this : new Decimal(units, scale);
  }
}
