import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * For the development scripts that must answer at once (`npm run token`): the compiled
 * counterpart in `dist/` of `source` (a .ts file under `root`), when it and every module
 * it imports were compiled after their source last changed; otherwise null. Plain
 * JavaScript, so that it runs without a build.
 */
export function compiledIfFresh(source, root) {
  const entry = join(root, 'dist', relative(root, source).replace(/\.ts$/, '.js'));
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const compiled = pending.pop();
    if (seen.has(compiled)) continue;
    seen.add(compiled);
    const origin = join(root, relative(join(root, 'dist'), compiled)).replace(/\.js$/, '.ts');
    const compiledAt = mtime(compiled);
    const changedAt = mtime(origin);
    if (compiledAt === undefined || changedAt === undefined || changedAt > compiledAt) return null;
    for (const [, specifier] of readFileSync(compiled, 'utf8').matchAll(RELATIVE_IMPORT)) {
      pending.push(resolve(dirname(compiled), specifier));
    }
  }
  return entry;
}

// Static and dynamic imports of the project's own modules (packages are not compiled here).
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
