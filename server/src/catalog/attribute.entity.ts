import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { Category } from "./category.entity.js";

export const ATTRIBUTE_TYPES = ["color", "size", "description", "custom"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * A product attribute defined on a category (the seed's ProductAttribute). It
 * applies to that category and every category below it. A categorizer
 * attribute's values split a product into instances (color × size).
 */
@Entity({ name: "product_attributes" })
@Index("product_attributes_store_category_name_key", ["storeId", "categoryId", "name"], { unique: true })
export class ProductAttribute extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "category_id" })
  categoryId: string;

  @ManyToOne(() => Category, { onDelete: "CASCADE" })
  @JoinColumn(inStore("category_id"))
  category?: Category;

  /** Lower-case English key, also the name filters use (`attr=color:red`). */
  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", name: "name_fa" })
  nameFa: string;

  @Column({ type: "text" })
  type: AttributeType;

  /** Every instance of a product in this category must carry a value for it. */
  @Column({ type: "boolean", name: "is_required", default: false })
  isRequired: boolean;

  @Column({ type: "boolean", name: "is_categorizer", default: false })
  isCategorizer: boolean;

  @Column({ type: "integer", name: "sort_order", default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/** One value an attribute offers: «قرمز» with its swatch, «XL». */
@Entity({ name: "attribute_values" })
@Index("attribute_values_store_attribute_value_key", ["storeId", "attributeId", "value"], { unique: true })
export class AttributeValue extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "attribute_id" })
  attributeId: string;

  @ManyToOne(() => ProductAttribute, { onDelete: "CASCADE" })
  @JoinColumn(inStore("attribute_id"))
  attribute?: ProductAttribute;

  /** Lower-case English key (`red`, `xl`), used in SKUs and filters. */
  @Column({ type: "text" })
  value: string;

  @Column({ type: "text", name: "value_fa" })
  valueFa: string;

  /** `#rrggbb`, for color attributes. */
  @Column({ type: "text", nullable: true })
  hex: string | null;

  @Column({ type: "integer", name: "sort_order", default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
