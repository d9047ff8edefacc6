import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Store } from "../tenancy/store.entity.js";
import { User } from "./user.entity.js";

/**
 * A shopper who has signed in at a store. The key is (store_id, user_id), store
 * first, like every per-store key (DESIGN.md, Tenancy).
 */
@Entity({ name: "store_customers" })
@Index("store_customers_user_idx", ["userId"])
export class StoreCustomer {
  @PrimaryColumn({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  @PrimaryColumn({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
