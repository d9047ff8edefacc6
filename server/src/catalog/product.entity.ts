import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { rialsColumn } from "../db/money.js";
import { Store } from "../tenancy/store.entity.js";

/**
 * A product of one store. The Catalog issue grows this into the seed's full
 * model (categories, attributes, instances); the foundation needs only enough
 * for the demo store and for proving tenancy.
 */
@Entity({ name: "products" })
@Index(["storeId", "slug"], { unique: true })
@Index(["storeId", "createdAt"])
export class Product {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;

  /** English or transliterated name; `nameFa` is what shoppers read. */
  @Column({ type: "text" })
  name: string;

  @Column({ type: "text", name: "name_fa" })
  nameFa: string;

  @Column({ type: "text" })
  slug: string;

  @Column({ type: "text", default: "" })
  description: string;

  @Column(rialsColumn({ name: "base_price" }))
  basePrice: number;

  @Column({ type: "boolean", name: "is_active", default: true })
  isActive: boolean;

  @CreateDateColumn({ type: "timestamptz", name: "created_at" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz", name: "updated_at" })
  updatedAt: Date;
}
