import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

export const REMOVED_POST_ACTIONS = ["delete", "mark"] as const;
/** What happens to a channel post when its product is deactivated or deleted. */
export type RemovedPostAction = (typeof REMOVED_POST_ACTIONS)[number];

/** `broken`: Telegram refused the bot (removed from the channel, rights taken away), or control of the channel was never proven; sync waits for a reconnect. */
export type ChannelStatus = "active" | "broken";

/**
 * A store's Telegram channel, connected after the merchant proved control
 * of it (a one-time code posted in the channel, telegram-channel.service.ts)
 * and the bot was found to be an administrator there with the rights it
 * needs. One per store, and one store per channel (telegram_channel_owners);
 * deleting the row (disconnecting) stops the sync and leaves the posts as
 * they are.
 */
@Entity({ name: "telegram_channels" })
@Index("telegram_channels_store_key", ["storeId"], { unique: true })
export class TelegramChannel extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The channel's numeric id (-100…), as text: it is beyond 32 bits and compared, never added. */
  @Column({ type: "bigint", name: "chat_id" })
  chatId: string;

  @Column({ type: "text", nullable: true })
  username: string | null;

  @Column({ type: "text", default: "" })
  title: string;

  @Column({ type: "text", name: "on_removed", default: "delete" })
  onRemoved: RemovedPostAction;

  @Column({ type: "text", default: "active" })
  status: ChannelStatus;

  /** Why the channel is `broken`, in Persian, for the merchant. */
  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  /** Products created from this moment on are posted; older ones are not (no flood of old products on connect). */
  @Column({ type: "timestamptz", name: "connected_at" })
  connectedAt: Date;

  /**
   * When the merchant proved control of the channel. Null only for channels
   * connected before proof was required: they stay `broken` until proven.
   */
  @Column({ type: "timestamptz", name: "proven_at", nullable: true })
  provenAt: Date | null;

  /** «ارسال همه محصولات»: from then on, products older than the connection are posted too. */
  @Column({ type: "timestamptz", name: "post_all_at", nullable: true })
  postAllAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
