import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { AttributeValue, ProductAttribute } from "./attribute.entity.js";
import { Product } from "./product.entity.js";

/**
 * What a product chose for one attribute: one or more values of a categorizer
 * attribute (its instances are their combinations), one value of another
 * listed attribute, or free text for a description/custom one. Attribute
 * filters (`attr=color:red`) read this table.
 */
@Entity({ name: "product_attribute_values" })
@Index("product_attribute_values_store_product_idx", ["storeId", "productId"])
@Index("product_attribute_values_store_value_idx", ["storeId", "attributeValueId", "productId"])
export class ProductAttributeValue extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column({ type: "uuid", name: "attribute_id" })
  attributeId: string;

  @ManyToOne(() => ProductAttribute, { onDelete: "CASCADE" })
  @JoinColumn(inStore("attribute_id"))
  attribute?: ProductAttribute;

  /** Set for a listed value; null for free text. */
  @Column({ type: "uuid", name: "attribute_value_id", nullable: true })
  attributeValueId: string | null;

  // RESTRICT: a value a product uses is not deleted (the service refuses it first).
  @ManyToOne(() => AttributeValue, { onDelete: "RESTRICT" })
  @JoinColumn(inStore("attribute_value_id"))
  attributeValue?: AttributeValue;

  /** Free text of a description/custom attribute without listed values. */
  @Column({ type: "text", nullable: true })
  text: string | null;
}
