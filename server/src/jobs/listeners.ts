import type { EventType } from "./events.js";
import type { QueueName } from "./queues.js";

/**
 * Who listens to which event (DESIGN.md, "Events: the outbox and who
 * listens"). Site builds, Telegram sync, SMS and analytics add themselves
 * here as their issues land.
 */
export const EVENT_LISTENERS: Record<EventType, readonly QueueName[]> = {
  "store.changed": ["store-cache", "site-rebuild"],
  "product.changed": ["site-rebuild"],
  "media.uploaded": ["media"],
  "media.deleted": ["media"],
  "instance.changed": ["site-rebuild"],
  "category.changed": ["site-rebuild"],
  "attribute.changed": ["site-rebuild"],
};

export function listenersFor(type: string): readonly QueueName[] {
  return EVENT_LISTENERS[type as EventType] ?? [];
}
