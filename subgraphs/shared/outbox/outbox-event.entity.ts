import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One domain event in its subgraph's outbox, written in the same transaction as the write
 * that caused it: committed together or not at all. `seq` orders them (the relay publishes
 * in that order, the internal stream resumes after it); `publishedAt` is set once NATS has
 * acknowledged it. Public figures only (see lib/events.ts).
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['publishedAt', 'seq'] })
@Index({ properties: ['occurredAt'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  seq!: number;

  @Property({ type: 'uuid', unique: true })
  id!: string;

  @Property({ type: 'string', length: 64 })
  type!: string;

  @Property({ type: 'string', length: 32 })
  city!: string;

  @Property({ type: 'string', length: 32 })
  entityType!: string;

  @Property({ type: 'string', length: 64 })
  entityId!: string;

  /** JSON of the event's public figures. */
  @Property({ type: 'text' })
  data!: string;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  publishedAt: Date | null = null;
}
