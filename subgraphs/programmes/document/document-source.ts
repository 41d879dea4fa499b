import type { RequestContext } from '../../shared/context.js';
import { documentById } from '../programme/programme.loader.js';
import type { DocumentSource } from './document-source.types.js';

/** Where a row's value came from: its document (one statement per request for all of them) and the line. */
export async function sourceOf(ctx: RequestContext, documentId: string | null | undefined, line: number | null | undefined): Promise<DocumentSource | null> {
  if (!documentId) return null;
  const document = await documentById(ctx).load(documentId);
  return document ? { document: document.name, sha256: document.sha256, line: line ?? null, importedAt: document.importedAt } : null;
}

/** Like `sourceOf`, for rows that always come from a document. */
export async function requiredSourceOf(ctx: RequestContext, documentId: string, line: number | null | undefined): Promise<DocumentSource> {
  const source = await sourceOf(ctx, documentId, line);
  if (!source) throw new Error(`Document ${documentId} is missing`);
  return source;
}
