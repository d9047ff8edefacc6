import { Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

/**
 * Which store a follower's private chat with the platform bot is about: set
 * by the deep link they came in with (`/start p_<productId>`, `/start
 * s_<storeSlug>`), read on every message. In the database, not in memory,
 * so any bot replica answers any chat.
 */
@Entity({ name: "telegram_follower_chats" })
@Index("telegram_follower_chats_store_idx", ["storeId"])
export class TelegramFollowerChat extends StoreOwned {
  @PrimaryColumn({ type: "bigint", name: "chat_id" })
  chatId: string;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
