import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import { rialsColumn } from "../core/money.js";
import { SHIPPING_KINDS, type ShippingKind } from "./shipping-kinds.js";

/**
 * A way a store sends orders, as Iranian shops run them: Iran Post (pishtaz,
 * sefareshi), Tipax, the shop's own courier within its city, or pickup. The
 * price is flat, or per destination province; free above an order amount;
 * optionally offered only to some provinces.
 */
@Entity({ name: "shipping_methods" })
@Index("shipping_methods_store_sort_idx", ["storeId", "sortOrder"])
@Check("shipping_methods_kind_check", `"kind" IN (${SHIPPING_KINDS.map((kind) => `'${kind}'`).join(", ")})`)
@Check("shipping_methods_price_check", `"price" >= 0 AND ("free_above" IS NULL OR "free_above" >= 0)`)
export class ShippingMethod extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "text" })
  kind: ShippingKind;

  /** What shoppers read; the kind's label when the merchant gives none. */
  @Column({ type: "text" })
  name: string;

  /** e.g. «۲ تا ۴ روز کاری», or where to pick up. */
  @Column({ type: "text", default: "" })
  description: string;

  @Column({ type: "boolean", name: "is_active", default: true })
  isActive: boolean;

  /** Rials, for any destination without a price of its own in province_prices. */
  @Column(rialsColumn({ default: 0 }))
  price: number;

  /** Rials by destination province id (`{"8": 450000}`). */
  @Column({ type: "jsonb", name: "province_prices", default: {} })
  provincePrices: Record<string, number>;

  /** Rials: orders whose subtotal reaches this ship free; null never. */
  @Column(rialsColumn({ name: "free_above", nullable: true }))
  freeAbove: number | null;

  /** Offered only to these provinces; null everywhere. */
  @Column({ type: "jsonb", name: "province_ids", nullable: true })
  provinceIds: number[] | null;

  /** A courier's (or pickup's) city: offered only to addresses in it. */
  @Column({ type: "integer", name: "city_id", nullable: true })
  cityId: number | null;

  @Column({ type: "integer", name: "sort_order", default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
