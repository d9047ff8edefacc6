import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { rialsColumn } from "../core/money.js";
import { AttributeValue, ProductAttribute } from "./attribute.entity.js";
import { Product } from "./product.entity.js";

/**
 * A variant a shopper buys (the seed's ProductInstance): one combination of
 * its product's categorizer values, with its own SKU, price and stock.
 * Instances are never deleted, only deactivated, so orders keep pointing at them.
 */
@Entity({ name: "product_instances" })
@Index("product_instances_store_sku_key", ["storeId", "sku"], { unique: true })
@Index("product_instances_store_product_combination_key", ["storeId", "productId", "combinationKey"], { unique: true })
@Check("product_instances_stock_check", `"stock" >= 0`)
export class ProductInstance extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column({ type: "text" })
  sku: string;

  /** Rials; null sells at the product's base price. */
  @Column(rialsColumn({ nullable: true }))
  price: number | null;

  /** Changed only by adjustStock(); the CHECK backs its rule. */
  @Column({ type: "integer", default: 0 })
  stock: number;

  @Column({ type: "boolean", name: "is_active", default: true })
  isActive: boolean;

  /** The categorizer values' ids, sorted and joined: how regeneration recognises an existing instance. */
  @Column({ type: "text", name: "combination_key" })
  combinationKey: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}

/** An instance's value for one attribute (the seed's ProductInstanceAttribute), copied so history survives edits. */
@Entity({ name: "product_instance_attributes" })
@Index("product_instance_attributes_store_instance_attribute_key", ["storeId", "instanceId", "attributeId"], { unique: true })
export class ProductInstanceAttribute extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "instance_id" })
  instanceId: string;

  @ManyToOne(() => ProductInstance, { onDelete: "CASCADE" })
  @JoinColumn(inStore("instance_id"))
  instance?: ProductInstance;

  @Column({ type: "uuid", name: "attribute_id" })
  attributeId: string;

  @ManyToOne(() => ProductAttribute, { onDelete: "CASCADE" })
  @JoinColumn(inStore("attribute_id"))
  attribute?: ProductAttribute;

  @Column({ type: "uuid", name: "attribute_value_id", nullable: true })
  attributeValueId: string | null;

  @ManyToOne(() => AttributeValue, { onDelete: "SET NULL" })
  @JoinColumn(inStore("attribute_value_id"))
  attributeValue?: AttributeValue;

  /** What the shopper reads: the value's Persian name, or the free text. */
  @Column({ type: "text" })
  value: string;

  @Column({ type: "text", name: "color_hex", nullable: true })
  colorHex: string | null;
}
