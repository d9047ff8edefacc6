import { Column, JoinColumn, ManyToOne } from "typeorm";
import { Store } from "../tenancy/store.entity.js";

/**
 * What every row that belongs to a store carries: `store_id`, deleted with
 * its store. Per-store indexes and unique keys stay on each entity, leading
 * with `storeId` (DESIGN.md, Tenancy).
 */
export abstract class StoreOwned {
  @Column({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;
}
