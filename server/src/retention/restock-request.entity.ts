import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { Product } from "../catalog/product.entity.js";
import { inStore, StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

/**
 * «موجود شد خبرم کن» (issue 27 #2): a shopper's mobile number waiting for a
 * sold-out variant, one per number per variant while it waits. When stock
 * comes back the waiting numbers are texted once each, oldest first;
 * `notified_at` and the SMS record mark the one message.
 */
@Entity({ name: "restock_requests" })
@Index("restock_requests_store_instance_phone_waiting_key", ["storeId", "instanceId", "phone"], {
  unique: true,
  where: `"notified_at" IS NULL`,
})
@Index("restock_requests_store_instance_waiting_idx", ["storeId", "instanceId", "createdAt"], { where: `"notified_at" IS NULL` })
export class RestockRequest extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "instance_id" })
  instanceId: string;

  @ManyToOne(() => ProductInstance, { onDelete: "CASCADE" })
  @JoinColumn(inStore("instance_id"))
  instance?: ProductInstance;

  @Column({ type: "uuid", name: "product_id" })
  productId: string;

  @ManyToOne(() => Product, { onDelete: "CASCADE" })
  @JoinColumn(inStore("product_id"))
  product?: Product;

  /** The signed-in shopper's number (`+989…`), verified by their SMS sign-in. */
  @Column({ type: "text" })
  phone: string;

  @Column({ type: "uuid", name: "user_id", nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @Column({ type: "timestamptz", name: "notified_at", nullable: true })
  notifiedAt: Date | null;

  @Column({ type: "uuid", name: "sms_message_id", nullable: true })
  smsMessageId: string | null;

  /** The stock event (outbox id) that texted it: a replay of that event finds it and texts nobody else. */
  @Column({ type: "text", name: "notify_event_id", nullable: true })
  notifyEventId: string | null;
}
