import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { MAX_SUBJECT_LENGTH } from '../../../lib/identity.js';

/**
 * A document imported as the city published it, known by the SHA-256 of its bytes: a
 * second import of the same bytes finds it and changes nothing. Every imported row points
 * here and keeps the lines it was read from.
 */
@Entity({ tableName: 'programme_document' })
export class SourceDocument {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'string', length: 64, unique: true })
  sha256!: string;

  /** The file name it was imported from. */
  @Property({ type: 'text' })
  name!: string;

  /** Which of the importer's layouts read it. */
  @Property({ type: 'string', length: 32 })
  layout!: string;

  @Property({ type: 'integer' })
  lineCount!: number;

  /** The importer's warnings (doubts, not errors), as read: `[{ line, message }]`. */
  @Property({ type: 'json' })
  warnings!: { line: number; message: string }[];

  @Property({ type: 'datetime' })
  importedAt!: Date;

  /** Who imported it: `demo` for the seeded documents, `cli` from the command line. */
  @Property({ type: 'string', length: MAX_SUBJECT_LENGTH })
  importedBy!: string;
}
