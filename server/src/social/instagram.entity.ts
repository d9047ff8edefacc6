import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import type { ChannelStatus } from "./telegram-channel.entity.js";

/**
 * How an account was connected: `token`, a pasted IG User id and token (API only; published through
 * INSTAGRAM_GRAPH_URL), or `instagram_login`, the back office's «اتصال به اینستاگرام» (Instagram API with
 * Instagram Login: a long-lived Instagram User token, published through INSTAGRAM_API_URL and refreshed by the worker).
 */
export const INSTAGRAM_CONNECTIONS = ["token", "instagram_login"] as const;
export type InstagramConnection = (typeof INSTAGRAM_CONNECTIONS)[number];

/** A store's Instagram professional account, connected with an access token that may publish. */
@Entity({ name: "instagram_accounts" })
@Index("instagram_accounts_store_key", ["storeId"], { unique: true })
@Index("instagram_accounts_token_expiry_idx", ["tokenExpiresAt"], { where: `"token_expires_at" IS NOT NULL` })
export class InstagramAccount extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text", name: "ig_user_id" })
  igUserId: string;

  @Column({ type: "text", nullable: true })
  username: string | null;

  /** A token stored before tokens were sealed; the next write seals it and clears this. Read through instagramToken(). */
  @Column({ type: "text", name: "access_token", nullable: true })
  accessToken: string | null;

  /** The access token, sealed (instagram-token.ts); never returned by the API. */
  @Column({ type: "text", name: "access_token_sealed", nullable: true })
  accessTokenSealed: string | null;

  @Column({ type: "text", name: "connected_via", default: "token" })
  connectedVia: InstagramConnection;

  /** When the current token was issued (by the code exchange or the last refresh): Instagram refreshes only a token a day old. */
  @Column({ type: "timestamptz", name: "token_issued_at", nullable: true })
  tokenIssuedAt: Date | null;

  /** When the current token stops working; null when unknown (a pasted token). */
  @Column({ type: "timestamptz", name: "token_expires_at", nullable: true })
  tokenExpiresAt: Date | null;

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
