import type { DataSource } from "typeorm";
import { toPersianDigits } from "@mall/locale";

/**
 * Everything a store owns, for "unchanged" checks: its `stores` row and its
 * rows in every table with a `store_id` column (read from the schema, so a
 * new store-owned table is compared without anyone listing it), each table's
 * rows in a stable order. `except` leaves out tables a request may change
 * for good reason (say, counters of visits); each caller says why.
 */
export async function storeRows(dataSource: DataSource, storeId: string, except: string[] = []): Promise<Record<string, unknown[]>> {
  const tables = (await dataSource.query(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name = 'store_id'
      ORDER BY c.table_name`,
  )) as Array<{ table_name: string }>;
  const rows: Record<string, unknown[]> = { stores: await dataSource.query(`SELECT * FROM stores WHERE id = $1`, [storeId]) };
  for (const { table_name: table } of tables) {
    if (except.includes(table)) continue;
    rows[table] = await dataSource.query(`SELECT * FROM "${table}" WHERE store_id = $1 ORDER BY 1, 2`, [storeId]);
  }
  return rows;
}

/** Every way Mall writes a mobile number (+98…, 0…, 98…, 9…, in Latin and Persian digits, masked for logs): a leak check looks for all of them. */
export function phoneForms(phone: string): string[] {
  const national = phone.replace(/^\+98/, "0");
  const latin = [phone, national, phone.slice(1), national.slice(1), `${phone.slice(0, 6)}***${phone.slice(-4)}`];
  return [...new Set([...latin, ...latin.map((text) => toPersianDigits(text))])];
}
