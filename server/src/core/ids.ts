/** A UUID as PostgreSQL's `uuid` type accepts it: check before querying, so a malformed id is "not found", not a database error. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
