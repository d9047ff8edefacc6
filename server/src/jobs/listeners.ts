import type { EventType } from "./events.js";
import type { QueueName } from "./queues.js";

/**
 * Who listens to which event (DESIGN.md, "Events: the outbox and who
 * listens"). Site builds, Telegram sync, SMS and analytics add themselves
 * here as their issues land.
 */
export const EVENT_LISTENERS: Record<EventType, readonly QueueName[]> = {
  "store.changed": ["store-cache", "site-rebuild"],
  "product.changed": ["site-rebuild", "telegram-sync", "instagram-sync", "product-cache"],
  "media.uploaded": ["media"],
  // A ready upload reaches the posts as product.changed (change: media), from the media job.
  "media.deleted": ["media", "telegram-sync", "product-cache"],
  "instance.changed": ["site-rebuild", "telegram-sync", "product-cache", "retention"],
  "category.changed": ["site-rebuild", "product-cache"],
  "attribute.changed": ["site-rebuild", "product-cache"],
  "order.changed": ["order-events", "analytics", "product-cache", "retention"],
  "gateway.changed": ["gateway-notify"],
};

export function listenersFor(type: string): readonly QueueName[] {
  return EVENT_LISTENERS[type as EventType] ?? [];
}
