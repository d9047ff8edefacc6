import { systemContext, type ServiceContext } from "@mall/server/core/context.js";
import type { Platform } from "@mall/server/platform/platform.js";

/** What the follower bot's handlers need: the database (through the services), the configuration, a logger. */
export type BotDeps = Pick<Platform, "dataSource" | "config" | "logger">;

/** The service context of one update: the bot acts as the platform, reading public catalog data. */
export function serviceContext(deps: BotDeps): ServiceContext {
  return systemContext(deps.dataSource.manager, "telegram-bot");
}
