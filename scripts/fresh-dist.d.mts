export function compiledIfFresh(source: string, root: string): string | null;
