import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { StoreOwned } from "../db/store-owned.js";
import { User } from "../identity/user.entity.js";

export const STORE_ROLES = ["owner", "manager"] as const;
export type StoreRole = (typeof STORE_ROLES)[number];

/** A merchant's membership of a store, with the role that decides what they may do there. */
@Entity({ name: "store_members" })
@Index(["storeId", "userId"], { unique: true })
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
