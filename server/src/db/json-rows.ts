import type { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";

/**
 * An entity from a row that PostgreSQL sent as JSON (`to_jsonb(t)` inside one
 * query that gathers several tables' rows): each column hydrated as TypeORM
 * hydrates it from a plain result (the driver's conversion, then the
 * column's transformer: Rials to numbers, timestamps to Dates).
 */
export function entityFromRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
