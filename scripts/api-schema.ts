import { Supergraph } from '@apollo/federation-internals';
import { createRequire } from 'node:module';

// The CommonJS graphql that @apollo/federation-internals builds its schema with: the ESM
// build's printer would fail graphql-js's single-instance check on that schema.
const { printSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * The schema clients see, as `schema/api.graphql`: the supergraph's API schema (no
 * federation directives, no `join__`/`link__` types, `@inaccessible` parts removed) with
 * its descriptions, for editors, code generators and reviewers of client changes.
 */
export function apiSchemaSdl(supergraphSdl: string): string {
  return `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()).trim()}\n`;
}
