/**
 * Can the schema be distributed by store_id (Citus)? Read from the database
 * the migrations built, so it checks what PostgreSQL holds, not what the
 * entities say. The rules Citus sets for a table distributed by `store_id`:
 *
 * - `store_id` is NOT NULL and part of the primary key and of every unique
 *   key (constraint or unique index);
 * - a foreign key to another distributed table includes `store_id` on both
 *   sides (store_id → store_id), so both rows live on the same shard;
 * - a foreign key to a reference table is fine; to any other table it is not.
 *
 * Every table is either per-store (it has `store_id`) or named below with the
 * reason it is not, so a new table has to be classified by whoever adds it.
 */
export const REFERENCE_TABLES: Record<string, string> = {
  tenants: "accounts that own stores: few, read with every store",
  users: "people, across stores (one phone signs in everywhere)",
  stores: "the store itself, looked up by host before any store is known",
};

/** Tables that stay on the coordinator (or are distributed by another key): not owned by one store. */
export const PLATFORM_TABLES: Record<string, string> = {
  migrations: "TypeORM's record of the schema",
  outbox: "the relay scans it in order across stores; local to the coordinator, written in the change's distributed transaction",
  otp_codes: "sign-in codes by phone, also for the back office (no store)",
  sms_messages: "every SMS the platform sends, some for no store",
  store_requests: "requests for a store that does not exist yet",
  refresh_tokens: "a user's sessions, across stores (distributed by user_id if ever needed)",
  telegram_follower_chats: "routing by Telegram chat id, found before the store is known (distributed by chat_id)",
  telegram_channel_claims:
    "a channel's pending one-time code, found by the channel's chat id when the bot sees the post, before the store is known",
  telegram_channel_owners: "one store per Telegram channel: unique by chat id across stores (distributed by chat_id if ever needed)",
  acme_challenges: "ACME HTTP-01 answers looked up by token for any host",
  acme_accounts: "the platform's ACME account",
};

export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

interface TableRow {
  table: string;
  storeId: "NO" | "YES" | null;
}

interface KeyRow {
  table: string;
  name: string;
  kind: "primary" | "unique";
  columns: string[];
}

interface ForeignKeyRow {
  table: string;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
}

export interface DistributionPlan {
  reference: string[];
  distributed: string[];
  platform: string[];
  problems: string[];
}

export async function distributionPlan(db: Queryable): Promise<DistributionPlan> {
  const tables = await db.query<TableRow[]>(
    `SELECT c.relname AS table, col.is_nullable AS "storeId"
       FROM pg_class c
       LEFT JOIN information_schema.columns col
         ON col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = 'store_id'
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      ORDER BY c.relname`,
  );
  // Unique keys whether declared as constraints or as unique indexes (TypeORM's @Index({ unique: true })).
  const keys = await db.query<KeyRow[]>(
    `SELECT t.relname AS table, i.relname AS name,
            CASE WHEN x.indisprimary THEN 'primary' ELSE 'unique' END AS kind,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index x
       JOIN pg_class t ON t.oid = x.indrelid AND t.relnamespace = 'public'::regnamespace
       JOIN pg_class i ON i.oid = x.indexrelid
       CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE x.indisunique
      GROUP BY t.relname, i.relname, x.indisprimary`,
  );
  const foreignKeys = await db.query<ForeignKeyRow[]>(
    `SELECT t.relname AS table, c.conname AS name, r.relname AS "referencedTable",
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS "referencedColumns"
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid AND t.relnamespace = 'public'::regnamespace
       JOIN pg_class r ON r.oid = c.confrelid
      WHERE c.contype = 'f'`,
  );

  const problems: string[] = [];
  const reference: string[] = [];
  const platform: string[] = [];
  const distributed: string[] = [];
  for (const { table, storeId } of tables) {
    if (table in REFERENCE_TABLES) reference.push(table);
    else if (table in PLATFORM_TABLES) platform.push(table);
    else if (storeId === "NO") distributed.push(table);
    else if (storeId === "YES")
      problems.push(
        `${table}: store_id may be NULL, so the table cannot be distributed by it (make it NOT NULL or classify the table in distribution.ts)`,
      );
    else problems.push(`${table}: has no store_id and is not classified as a reference or platform table in distribution.ts`);
  }

  const isDistributed = new Set(distributed);
  const isReference = new Set(reference);
  for (const key of keys) {
    if (!isDistributed.has(key.table)) continue;
    if (!key.columns.includes("store_id")) {
      problems.push(
        `${key.table}: ${key.kind === "primary" ? "primary key" : `unique key ${key.name}`} (${key.columns.join(", ")}) lacks store_id`,
      );
    }
  }
  for (const table of distributed) {
    if (!keys.some((key) => key.table === table && key.kind === "primary")) problems.push(`${table}: has no primary key`);
  }
  for (const fk of foreignKeys) {
    if (!isDistributed.has(fk.table)) continue;
    if (isReference.has(fk.referencedTable)) continue;
    if (!isDistributed.has(fk.referencedTable)) {
      problems.push(
        `${fk.table}: foreign key ${fk.name} points at ${fk.referencedTable}, which is neither distributed nor a reference table`,
      );
      continue;
    }
    const at = fk.columns.indexOf("store_id");
    if (at === -1 || fk.referencedColumns[at] !== "store_id") {
      problems.push(
        `${fk.table}: foreign key ${fk.name} (${fk.columns.join(", ")}) → ${fk.referencedTable} (${fk.referencedColumns.join(", ")}) does not carry store_id to store_id`,
      );
    }
  }
  return { reference, distributed, platform, problems };
}

/** The Citus calls that distribute this schema, in the order they must run (docs/scaling.md). */
export function citusCalls(plan: Pick<DistributionPlan, "reference" | "distributed">): string[] {
  const [anchor, ...rest] = plan.distributed.includes("products")
    ? ["products", ...plan.distributed.filter((t) => t !== "products")]
    : plan.distributed;
  return [
    ...plan.reference.map((table) => `SELECT create_reference_table('${table}');`),
    ...(anchor ? [`SELECT create_distributed_table('${anchor}', 'store_id');`] : []),
    ...rest.map((table) => `SELECT create_distributed_table('${table}', 'store_id', colocate_with => '${anchor}');`),
  ];
}
