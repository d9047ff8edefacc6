import type { DataSource } from "typeorm";
import { toPersianDigits } from "@mall/locale";

/**
 * Everything a store owns, for "unchanged" checks: its `stores` row and its
 * rows in every table with a `store_id` column (read from the schema, so a
 * new store-owned table is compared without anyone listing it), each table's
 * rows in a stable order. `except` leaves out tables a request may change
 * for good reason (say, counters of visits), `ignore` columns of a table that
 * a background process changes (the outbox relay's bookkeeping); each caller
 * says why.
 */
export async function storeRows(
  dataSource: DataSource,
  storeId: string,
  except: string[] = [],
  ignore: Record<string, string[]> = {},
): Promise<Record<string, unknown[]>> {
  const tables = (await dataSource.query(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name = 'store_id'
      ORDER BY c.table_name`,
  )) as Array<{ table_name: string }>;
  const rows: Record<string, unknown[]> = { stores: await dataSource.query(`SELECT * FROM stores WHERE id = $1`, [storeId]) };
  for (const { table_name: table } of tables) {
    if (except.includes(table)) continue;
    const list = (await dataSource.query(`SELECT * FROM "${table}" WHERE store_id = $1 ORDER BY 1, 2`, [storeId])) as Array<
      Record<string, unknown>
    >;
    for (const row of list) for (const column of ignore[table] ?? []) delete row[column];
    rows[table] = list;
  }
  return rows;
}

/** The tables whose rows differ between two storeRows snapshots, by name; a table in only one of them counts as changed. */
export function changedTables(before: Record<string, unknown[]>, after: Record<string, unknown[]>): string[] {
  const tables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return tables.filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]));
}

/** Every way Mall writes a mobile number (+98…, 0…, 98…, 9…, in Latin and Persian digits, masked for logs): a leak check looks for all of them. */
export function phoneForms(phone: string): string[] {
  const national = phone.replace(/^\+98/, "0");
  const latin = [phone, national, phone.slice(1), national.slice(1), `${phone.slice(0, 6)}***${phone.slice(-4)}`];
  return [...new Set([...latin, ...latin.map((text) => toPersianDigits(text))])];
}
