import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";

/**
 * A node of a store's category tree (the seed's ProductCategory), any depth.
 *
 * The tree is a materialised path: `path` holds the ids from the root down to
 * this node, `/root/…/parent/self/`. We chose it over a closure table and
 * ltree because:
 * - a subtree is one range scan of the (store_id, path) index
 *   (`path LIKE '/…/self/%'`; the column is collated "C" so LIKE with a fixed
 *   prefix is an index range), and the ancestors are the ids in the path
 *   itself, read by primary key in the same query — no recursive CTE;
 * - a move is one UPDATE that rewrites the prefix of the moved subtree's
 *   paths, where a closure table rewrites (subtree × depth) rows;
 * - ltree would need its extension, GiST (which cannot lead with store_id
 *   without btree_gist) and labels without the dashes of our uuids.
 * A move into its own subtree is exactly "the new parent's path starts with
 * mine", so refusing cycles needs no walk either.
 */
@Entity({ name: "categories" })
@Index("categories_store_slug_key", ["storeId", "slug"], { unique: true })
@Index("categories_store_path_idx", ["storeId", "path"])
@Index("categories_store_parent_idx", ["storeId", "parentId"])
export class Category extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "parent_id", nullable: true })
  parentId: string | null;

  // RESTRICT: a category with children is never deleted (the service refuses it first).
  @ManyToOne(() => Category, { onDelete: "RESTRICT" })
  @JoinColumn(inStore("parent_id"))
  parent?: Category;

  /** `/rootId/…/parentId/id/`; byte order ("C") so a prefix LIKE uses the index. */
  @Column({ type: "text", collation: "C" })
  path: string;

  /** 0 for a root category. */
  @Column({ type: "integer", default: 0 })
  depth: number;

  /** English or transliterated name; siblings are ordered by it (the seed's order_insertion_by). */
  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", name: "name_fa" })
  nameFa: string;

  @Column({ type: "text" })
  slug: string;

  /** The store site makes a listing page per value of this category's categorizer attributes. */
  @Column({ type: "boolean", name: "is_categorizer", default: false })
  isCategorizer: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/** The ids in a path, root first (the node's own id last). */
export function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}
