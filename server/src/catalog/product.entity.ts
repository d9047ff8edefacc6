import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { rialsColumn } from "../core/money.js";
import { Category } from "./category.entity.js";

/** An image of a product's gallery: its largest WebP and its variants, so the store site writes srcset. */
export interface ProductImage {
  mediaId: string;
  url: string;
  width: number | null;
  height: number | null;
  variants: { format: "webp" | "avif"; width: number; url: string }[];
}

/**
 * A product of one store (the seed's Product). What a shopper buys is one of
 * its instances (product-instance.entity.ts); the product holds what they
 * share. Listing indexes lead with store_id and end with id, the tie-breaker
 * of cursor pagination.
 */
@Entity({ name: "products" })
@Index(["storeId", "slug"], { unique: true })
@Index("products_store_created_idx", ["storeId", "createdAt", "id"])
@Index("products_store_price_idx", ["storeId", "minPrice", "id"])
@Index("products_store_popular_idx", ["storeId", "viewCount", "id"])
@Index("products_store_category_idx", ["storeId", "categoryId"])
// GIN over (store_id, search_text gin_trgm_ops) with btree_gin; TypeORM cannot describe it, the migration creates it.
@Index("products_search_idx", { synchronize: false })
export class Product extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "category_id" })
  categoryId: string;

  // RESTRICT: a category that still has products is never deleted (the service refuses it first).
  @ManyToOne(() => Category, { onDelete: "RESTRICT" })
  @JoinColumn(inStore("category_id"))
  category?: Category;

  /** English or transliterated name, optional (null: none); `nameFa` is what shoppers read. */
  @Column({ type: "text", nullable: true })
  name: string | null;

  @Column({ type: "text", name: "name_fa" })
  nameFa: string;

  @Column({ type: "text" })
  slug: string;

  @Column({ type: "text", default: "" })
  description: string;

  /** Rials; an instance without a price of its own sells at this one. */
  @Column(rialsColumn({ name: "base_price" }))
  basePrice: number;

  /** Rials: the lowest price among active instances (the base price without any); what price filters and sorts read. */
  @Column(rialsColumn({ name: "min_price", default: 0 }))
  minPrice: number;

  /** The gallery, kept by the media service from the product's processed uploads (never written by the catalog API). */
  @Column({ type: "jsonb", default: [] })
  images: ProductImage[];

  /** URLs of the product's videos, kept by the media service. */
  @Column({ type: "jsonb", default: [] })
  videos: string[];

  @Column({ type: "boolean", name: "is_active", default: true })
  isActive: boolean;

  /** Flushed from Redis by the view-flush job; approximate by up to a minute. */
  @Column({ type: "integer", name: "view_count", default: 0 })
  viewCount: number;

  /** normalizePersian() of the names and description (persian-text.ts), kept by the service. */
  @Column({ type: "text", name: "search_text", default: "" })
  searchText: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
