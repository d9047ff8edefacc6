import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { Store } from "../tenancy/store.entity.js";

/**
 * Which store a follower's private chat with the platform bot is about: set
 * by the deep link they came in with (`/start p_<productId>`, `/start
 * s_<storeSlug>`), read on every message. In the database, not in memory,
 * so any bot replica answers any chat.
 *
 * A routing row, found by chat id before any store is known (as a store is
 * found by its host), so it is keyed by chat, not owned by a store: with
 * Citus it is distributed by chat_id, not store_id (docs/scaling.md).
 */
@Entity({ name: "telegram_follower_chats" })
@Index("telegram_follower_chats_store_idx", ["storeId"])
export class TelegramFollowerChat {
  @PrimaryColumn({ type: "bigint", name: "chat_id" })
  chatId: string;

  @Column({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
