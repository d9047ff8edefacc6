import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

/**
 * An address a shopper keeps at a store, for their next checkout. Per store
 * (store_id first, like every per-store row): one shop never sees the
 * addresses a shopper gave another. Orders copy the address; editing or
 * deleting it later changes no order.
 */
@Entity({ name: "customer_addresses" })
@Index("customer_addresses_store_user_idx", ["storeId", "userId", "createdAt"])
export class CustomerAddress extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  /** «خانه», «محل کار»; optional. */
  @Column({ type: "text", default: "" })
  label: string;

  @Column({ type: "text", name: "receiver_name" })
  receiverName: string;

  /** `+989…` */
  @Column({ type: "text" })
  mobile: string;

  /** iran-provinces.ts ids. */
  @Column({ type: "integer", name: "province_id" })
  provinceId: number;

  @Column({ type: "integer", name: "city_id" })
  cityId: number;

  @Column({ type: "text" })
  line: string;

  /** Ten Latin digits. */
  @Column({ type: "text", name: "postal_code" })
  postalCode: string;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
