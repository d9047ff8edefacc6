import { JoinColumn, ManyToOne, PrimaryColumn, type JoinColumnOptions } from "typeorm";
import { Store } from "../tenancy/store.entity.js";

/**
 * What every row that belongs to a store carries: `store_id`, deleted with
 * its store, and part of the primary key, so that the table can be
 * distributed by `store_id` (Citus requires the distribution column in every
 * primary and unique key; docs/scaling.md). Per-store indexes and unique keys
 * stay on each entity, leading with `storeId` (DESIGN.md, Tenancy).
 *
 * The primary key is built as (id, store_id) by the migrations, so a lookup by
 * id alone still uses it; TypeORM only compares which columns are primary.
 */
export abstract class StoreOwned {
  @PrimaryColumn({ type: "uuid", name: "store_id" })
  storeId: string;

  @ManyToOne(() => Store, { onDelete: "CASCADE" })
  @JoinColumn({ name: "store_id" })
  store?: Store;
}

/**
 * The join columns of a relation between two rows of the same store:
 * (store_id, column) → (store_id, id), so that the foreign key holds the
 * distribution column and both rows live on the same shard. The `store_id`
 * column is shared with the row's own.
 */
export function inStore(column: string): JoinColumnOptions[] {
  return [
    { name: "store_id", referencedColumnName: "storeId" },
    { name: column, referencedColumnName: "id" },
  ];
}
