import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How far the delivery consumer has read each subgraph's events (the highest `seq` it has
 * turned into deliveries), advanced in the same transaction as those deliveries: after a
 * restart it resumes there, so no event is lost and none is queued twice.
 */
@Entity({ tableName: 'event_feed_position' })
export class EventFeedPosition {
  /** The subgraph whose outbox the position is in. */
  @PrimaryKey({ type: 'string', length: 32 })
  source!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
