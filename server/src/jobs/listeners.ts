import type { EventType } from "./events.js";
import type { QueueName } from "./queues.js";

/**
 * Who listens to which event (DESIGN.md, "Events: the outbox and who
 * listens"). Site builds, Telegram sync, SMS and analytics add themselves
 * here as their issues land.
 */
export const EVENT_LISTENERS: Record<EventType, readonly QueueName[]> = {
  "store.changed": ["store-cache"],
  "product.changed": [],
  "media.uploaded": ["media"],
  "media.deleted": ["media"],
  "instance.changed": [],
  "category.changed": [],
  "attribute.changed": [],
};

export function listenersFor(type: string): readonly QueueName[] {
  return EVENT_LISTENERS[type as EventType] ?? [];
}
