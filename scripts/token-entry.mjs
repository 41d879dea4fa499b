/**
 * `npm run token`: runs scripts/token.ts without building. The compiled script when
 * `dist/` is current for it (the usual case, some 0.2 s); otherwise the sources through
 * tsx. Nothing is written but the development key (created atomically), so any number
 * may run at once.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledIfFresh } from './fresh-dist.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const source = join(root, 'scripts', 'token.ts');
// token.ts reads its options from process.argv: show it the command line it would have had.
process.argv.splice(1, 1, source);
const compiled = compiledIfFresh(source, root);
if (compiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
