import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { cacheHint, INHERIT } from '../../shared/cache-hints.js';

/** Where a value came from: the document (as published) and its line. */
@Directive(cacheHint(INHERIT))
@ObjectType({ description: 'Where an imported value came from: a document as the city published it, and the line in it.' })
export class DocumentSource {
  @Field(() => String, { description: 'The document\u02bcs file name.' })
  document!: string;

  @Field(() => String, { description: 'SHA-256 of the document\u02bcs bytes: the same document, wherever it is copied.' })
  sha256!: string;

  @Field(() => Int, { nullable: true, description: 'The line (1-based) the value was read from.' })
  line!: number | null;

  @Field(() => Date)
  importedAt!: Date;
}
