import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

/** The pages every store has (created with Persian defaults, never blank) and the merchant's own. */
export const STORE_PAGE_KINDS = ["about", "contact", "terms", "privacy", "returns", "shipping", "faq", "custom"] as const;
export type StorePageKind = (typeof STORE_PAGE_KINDS)[number];

/**
 * A content page of a store's site, at `/pages/{slug}/`. A standard page
 * (every kind but `custom`) that has no row yet shows its default text made
 * from the store's own data (store-pages.ts); saving it stores a row.
 */
@Entity({ name: "store_pages" })
@Index("store_pages_store_slug_key", ["storeId", "slug"], { unique: true })
@Check("store_pages_kind_check", `"kind" IN (${STORE_PAGE_KINDS.map((kind) => `'${kind}'`).join(", ")})`)
export class StorePage extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  kind: StorePageKind;

  @Column({ type: "text" })
  slug: string;

  @Column({ type: "text" })
  title: string;

  /** Sanitised HTML (catalog/description-html.ts's allow-list). */
  @Column({ type: "text", name: "body_html" })
  bodyHtml: string;

  @Column({ type: "integer", name: "sort_order", default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
