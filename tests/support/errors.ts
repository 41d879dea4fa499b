/** The `extensions.field` of the error a function throws; null when it does not throw. */
export function fieldOf(fn: () => unknown): string | null | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { field?: string } }).extensions?.field;
  }
  return null;
}
