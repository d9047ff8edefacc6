import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";

export type RedirectKind = "product" | "category";

/**
 * An address a product or category had before its slug changed: the store
 * site answers it with a 301 to the current one (the snapshot's redirect
 * table), so links and search results keep working after an edit.
 */
@Entity({ name: "slug_redirects" })
@Index("slug_redirects_store_kind_old_slug_key", ["storeId", "kind", "oldSlug"], { unique: true })
export class SlugRedirect extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  kind: RedirectKind;

  @Column({ type: "text", name: "old_slug" })
  oldSlug: string;

  /** The product's or category's id: the redirect follows it through later renames. */
  @Column({ type: "uuid", name: "target_id" })
  targetId: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
