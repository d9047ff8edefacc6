import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import type { ChannelStatus } from "./telegram-channel.entity.js";

/** A store's Instagram professional account, connected with an access token that may publish. */
@Entity({ name: "instagram_accounts" })
@Index("instagram_accounts_store_key", ["storeId"], { unique: true })
export class InstagramAccount extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text", name: "ig_user_id" })
  igUserId: string;

  @Column({ type: "text", nullable: true })
  username: string | null;

  /** Never returned by the API. */
  @Column({ type: "text", name: "access_token" })
  accessToken: string;

  @Column({ type: "text", default: "active" })
  status: ChannelStatus;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  /** Products created from this moment on are published. */
  @Column({ type: "timestamptz", name: "connected_at" })
  connectedAt: Date;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/**
 * The publishing of a product on Instagram, step by step:
 * `creating` (intent recorded, container being made) → `container` (its id saved)
 * → `publishing` (media_publish sent) → `published`; `failed` when Instagram refused for good.
 */
export type InstagramPostState = "creating" | "container" | "publishing" | "published" | "failed";

@Entity({ name: "instagram_posts" })
@Index("instagram_posts_store_product_account_key", ["storeId", "productId", "igUserId"], { unique: true })
export class InstagramPost extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @Column({ type: "text", name: "ig_user_id" })
  igUserId: string;

  @Column({ type: "text" })
  state: InstagramPostState;

  @Column({ type: "text", name: "container_id", nullable: true })
  containerId: string | null;

  @Column({ type: "text", name: "media_id", nullable: true })
  mediaId: string | null;

  @Column({ type: "text", name: "caption_hash", nullable: true })
  captionHash: string | null;

  @Column({ type: "text", name: "last_error", nullable: true })
  lastError: string | null;

  @Column({ type: "timestamptz", name: "published_at", nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
