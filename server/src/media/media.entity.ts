import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { Product } from "../catalog/product.entity.js";

export const MEDIA_KINDS = ["image", "video", "logo"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
export const MEDIA_STATUSES = ["pending", "ready", "failed"] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

/** One encoded size of an image: what a `srcset` entry needs. */
export interface MediaVariant {
  format: "webp" | "avif";
  width: number;
  height: number;
  key: string;
  bytes: number;
}

/**
 * An uploaded product image or video, or a store logo. The upload stores the
 * original and inserts the row as `pending`; the `media` job makes the
 * variants (or a video's poster) and marks it `ready`. Every storage key of a
 * row lies under `…/{storeId}/{id}/` and carries the content hash.
 */
@Entity({ name: "media" })
@Index("media_store_product_idx", ["storeId", "productId", "position"])
@Index("media_store_kind_idx", ["storeId", "kind"])
export class Media extends StoreOwned {
  /** Chosen before the row exists: the storage keys are made from it. */
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "uuid", name: "product_id", nullable: true })
  productId: string | null;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column({ type: "text" })
  kind: MediaKind;

  @Column({ type: "text", default: "pending" })
  status: MediaStatus;

  @Column({ type: "text", name: "original_key" })
  originalKey: string;

  /** sha256 of the uploaded bytes, hex. */
  @Column({ type: "text", name: "content_hash" })
  contentHash: string;

  @Column({ type: "text" })
  mime: string;

  @Column({ type: "integer" })
  bytes: number;

  @Column({ type: "integer", nullable: true })
  width: number | null;

  @Column({ type: "integer", nullable: true })
  height: number | null;

  @Column({ type: "jsonb", default: [] })
  variants: MediaVariant[];

  @Column({ type: "text", name: "poster_key", nullable: true })
  posterKey: string | null;

  /** A video as served: the upload remuxed without its metadata (GPS, device), once the media job has made it; null for images. */
  @Column({ type: "text", name: "video_key", nullable: true })
  videoKey: string | null;

  @Column({ type: "integer", default: 0 })
  position: number;

  /** Why processing failed, for the merchant's eyes (Persian); null unless `failed`. */
  @Column({ type: "text", nullable: true })
  failure: string | null;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}

/**
 * An upload ClamAV found infected: kept so that staff can see who sent what,
 * although the file itself was refused and never stored.
 */
@Entity({ name: "media_infections" })
@Index("media_infections_store_created_idx", ["storeId", "createdAt"])
export class MediaInfection extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** Who uploaded it, when a user did. */
  @Column({ type: "uuid", name: "user_id", nullable: true })
  userId: string | null;

  @Column({ type: "text" })
  filename: string;

  @Column({ type: "text", name: "content_hash" })
  contentHash: string;

  @Column({ type: "integer" })
  bytes: number;

  /** The signature ClamAV named. */
  @Column({ type: "text" })
  signature: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
