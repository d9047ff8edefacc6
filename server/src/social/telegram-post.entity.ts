import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

/**
 * The state of a product's post in a channel:
 * - `sending`: the intent is recorded and the send went out, its outcome unknown (a crash, or the connection broke after sending);
 * - `unsent`: the intent is recorded and Telegram certainly did not post (it refused, or could not be reached);
 * - `posted` / `marked`: the messages are in the channel, with the live caption or the "no longer sold" one;
 * - `removed`: deleted by the sync (the product was deactivated); reactivating it posts again;
 * - `gone`: someone deleted the post in the channel by hand; the sync leaves the product alone.
 */
export type TelegramPostState = "sending" | "unsent" | "posted" | "marked" | "removed" | "gone";

/** Where a posted photo came from, and the file_id Telegram gave it, so a repost needs no upload. */
export interface PostedPhoto {
  source: string;
  fileId: string | null;
}

/**
 * Product → channel messages. The unique key makes "has this product been
 * posted to this channel?" one row, so a retried or repeated job finds the
 * messages it made instead of posting again. product_id has no foreign key:
 * the row must outlive a deleted product, to remove its post.
 */
@Entity({ name: "telegram_posts" })
@Index("telegram_posts_store_product_chat_key", ["storeId", "productId", "chatId"], { unique: true })
export class TelegramPost extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @Column({ type: "bigint", name: "chat_id" })
  chatId: string;

  @Column({ type: "text" })
  state: TelegramPostState;

  /** The album's messages in order; the caption is on the first. */
  @Column({ type: "jsonb", name: "message_ids", default: [] })
  messageIds: number[];

  @Column({ type: "jsonb", default: [] })
  photos: PostedPhoto[];

  /** sha256 of the caption the messages carry; a change of name, price or stock changes it. */
  @Column({ type: "text", name: "caption_hash", nullable: true })
  captionHash: string | null;

  /** Sends whose outcome was unknown and that were sent again: each may have left a duplicate post. */
  @Column({ type: "integer", name: "uncertain_sends", default: 0 })
  uncertainSends: number;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  @Column({ type: "timestamptz", name: "intent_at", nullable: true })
  intentAt: Date | null;

  @Column({ type: "timestamptz", name: "posted_at", nullable: true })
  postedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
