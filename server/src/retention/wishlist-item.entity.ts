import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Product } from "../catalog/product.entity.js";
import { rialsColumn } from "../core/money.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

/**
 * A product a signed-in shopper saved at a store (issue 27 #4), kept on the
 * server so it follows them to every device; `saved_price` is the product's
 * lowest price when saved, so the list can say when it dropped.
 */
@Entity({ name: "wishlist_items" })
@Index("wishlist_items_store_user_product_key", ["storeId", "userId", "productId"], { unique: true })
@Index("wishlist_items_store_user_created_idx", ["storeId", "userId", "createdAt"])
export class WishlistItem extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  @Column(rialsColumn({ name: "saved_price" }))
  savedPrice: number;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
