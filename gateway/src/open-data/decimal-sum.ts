/**
 * The exact sum of decimal strings ("215652.3" + "0.75" = "215653.05"), with bigints: money
 * is never added in binary floating point. Null when there is nothing to add.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function sumDecimals(values: readonly (string | null | undefined)[]): string | null {
  const parsed = values.flatMap((value) => {
    const match = value ? DECIMAL.exec(value) : null;
    return match ? [{ negative: match[1] === '-', whole: match[2]!, fraction: match[3] ?? '' }] : [];
  });
  if (!parsed.length) return null;
  const scale = Math.max(...parsed.map((p) => p.fraction.length));
  const total = parsed.reduce((sum, p) => sum + (p.negative ? -1n : 1n) * BigInt(p.whole + p.fraction.padEnd(scale, '0')), 0n);
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale ? digits.slice(-scale).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
