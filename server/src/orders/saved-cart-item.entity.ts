import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

/**
 * A line of a signed-in shopper's cart at a store (issue 23 #4), kept on the
 * server so it follows them to another device: one row per variant, its
 * quantity within 1…99. The browser's cart is merged into it at sign-in.
 */
@Entity({ name: "saved_cart_items" })
@Index("saved_cart_items_store_user_instance_key", ["storeId", "userId", "instanceId"], { unique: true })
@Check("saved_cart_items_quantity_check", `"quantity" BETWEEN 1 AND 99`)
export class SavedCartItem extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @Column({ type: "uuid", name: "instance_id" })
  instanceId: string;

  @ManyToOne(() => ProductInstance, { onDelete: "CASCADE" })
  @JoinColumn(inStore("instance_id"))
  instance?: ProductInstance;

  @Column({ type: "integer" })
  quantity: number;

  /** Lines keep the order they were first added in. */
  @Column({ type: "integer" })
  position: number;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
