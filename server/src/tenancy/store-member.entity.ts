import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

/** Store roles, most powerful first; what each may do is the permission table in identity/authorization.ts. */
export const STORE_ROLES = ["owner", "manager", "order_staff", "catalog_staff"] as const;
export type StoreRole = (typeof STORE_ROLES)[number];

/** A merchant's membership of a store, with the role that decides what they may do there. */
@Entity({ name: "store_members" })
@Index(["storeId", "userId"], { unique: true })
@Check("store_members_role_check", `"role" IN ('owner', 'manager', 'order_staff', 'catalog_staff')`)
export class StoreMember extends StoreOwned {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Index()
  @Column({ type: "uuid", name: "user_id" })
  userId: string;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @Column({ type: "text" })
  role: StoreRole;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;
}
