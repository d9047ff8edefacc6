import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Store } from "../tenancy/store.entity.js";
import type { RemovedPostAction } from "./telegram-channel.entity.js";

/**
 * A merchant's request to connect a channel: the one-time code they are to
 * post in it. Found by the channel's chat id when the bot sees a channel
 * post, before the store is known (a platform table, as follower chats).
 * One per store (a new request replaces the old code); deleted once used.
 */
@Entity({ name: "telegram_channel_claims" })
@Index("telegram_channel_claims_store_key", ["storeId"], { unique: true })
@Index("telegram_channel_claims_chat_idx", ["chatId"])
export class TelegramChannelClaim {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  /** The channel the code is good for (-100…), as text. */
  @Column({ type: "bigint", name: "chat_id" })
  chatId: string;

  @Column({ type: "text", nullable: true })
  username: string | null;

  @Column({ type: "text", default: "" })
  title: string;

  @Column({ type: "text", name: "on_removed", default: "delete" })
  onRemoved: RemovedPostAction;

  /** What the merchant posts; not a secret (it is posted in public), only single-use and short-lived. */
  @Column({ type: "text" })
  code: string;

  @Column({ type: "timestamptz", name: "expires_at" })
  expiresAt: Date;

  /** Why the last post of the code did not connect the channel, in Persian, for the merchant. */
  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  @Column({ type: "uuid", name: "requested_by", nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/**
 * One channel belongs to one store: a row per proven channel, keyed by the
 * Telegram chat id, so a second store can never hold it (the primary key
 * says so, whatever the services do).
 */
@Entity({ name: "telegram_channel_owners" })
export class TelegramChannelOwner {
  @PrimaryColumn({ type: "bigint", name: "chat_id" })
  chatId: string;

  @Column({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
