import type { TelegramChannelApi } from "@mall/server/social/telegram-api.js";
import { endOfJalaliDay, parseJalaliDate, searchKey, searchTokens, startOfJalaliDay } from "@mall/locale";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { AdminPlatform } from "../admin-platform.js";
import {
  BaseProperty,
  BaseRecord,
  BaseResource,
  ForbiddenError,
  type ActionContext,
  type Filter,
  type ParamsType,
  type PropertyType,
} from "adminjs";
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import type { StorePermission } from "@mall/server/identity/authorization.js";
import { storesWith, type Access, type AccessCache } from "../access.js";
import { recordNotFound, toAdminError } from "../errors.js";
import { compactDigits, type Params } from "./params.js";
import { escapeLike } from "@mall/server/core/text.js";

/** One field of a resource as AdminJS sees it. */
export interface PropertySpec {
  path: string;
  type?: PropertyType;
  isId?: boolean;
  /** The entity property it reads (`storeId`); absent for values the resource computes. Filters and sorting use it. */
  column?: string;
  /** Filter on this entity property instead (products' names are searched in their normalised search text). */
  filterColumn?: string;
  /**
   * A number shown and typed as text (AdminJS would turn Persian digits into
   * NaN before we see them); filters and sorting treat it as the number it is.
   */
  numeric?: boolean;
  /**
   * How a text filter matches: `search` matches a stored search key (products' search text, via
   * `filterColumn`); `persian` folds the column's values with the same rule (@mall/locale's searchKey).
   */
  match?: "contains" | "persian" | "search" | "exact";
  reference?: string;
  availableValues?: readonly string[];
  isArray?: boolean;
  isSortable?: boolean;
}

class SpecProperty extends BaseProperty {
  constructor(
    readonly spec: PropertySpec,
    position: number,
  ) {
    super({
      path: spec.path,
      type: spec.reference ? "reference" : (spec.type ?? "string"),
      isId: spec.isId ?? false,
      isSortable: spec.isSortable ?? Boolean(spec.column),
      position,
    });
  }

  override reference(): string | null {
    return this.spec.reference ?? null;
  }

  override availableValues(): string[] | null {
    return this.spec.availableValues ? [...this.spec.availableValues] : null;
  }

  override isArray(): boolean {
    return this.spec.isArray ?? false;
  }
}

/** How a resource's rows belong to stores, which decides what a merchant's queries may reach. */
export type Scope =
  /** Rows carry the store's id in this entity property (`storeId`; `id` for the stores themselves). */
  | { kind: "store"; column: string }
  /** Platform staff only (tenants, users, members): nobody else sees a row. */
  | { kind: "staff" };

export interface ResourceDeps {
  platform: AdminPlatform;
  access: AccessCache;
  /** The platform bot's channel API (the server's, with its metrics); null or absent when no bot is configured. */
  telegram?: TelegramChannelApi | null;
}

/** What a write runs with: the service context (its transaction and actor) and the person's access. */
export interface WriteScope {
  ctx: ServiceContext;
  access: Access;
}

type Row = ObjectLiteral;

/**
 * An AdminJS resource whose every read and write is tenant-scoped on the
 * server, whichever action (built-in or custom) asks: list, show, edit,
 * delete, bulk actions, the reference pickers' search, record counts and the
 * populated references all come through find/count/findOne/findMany here,
 * and each of them adds the person's stores to the query before it runs. A
 * row of another store is simply not found, exactly as a missing one.
 *
 * Writes never reach the table from here: create/update/delete call the
 * subclass, which calls the domain services inside one transaction; a
 * service's refusal comes back as AdminJS field errors and changes nothing.
 */
export abstract class ServiceResource<T extends Row = Row> extends BaseResource {
  protected abstract readonly resourceId: string;
  protected abstract readonly entity: EntityTarget<T>;
  protected abstract readonly alias: string;
  protected abstract readonly scope: Scope;
  /** What a person needs in a store to see its rows here (orders: `orders:read`); every member sees the rest. */
  protected readonly readPermission: StorePermission = "store:read";
  protected abstract specs(): PropertySpec[];
  protected defaultSort: { column: string; direction: "ASC" | "DESC" } = { column: "createdAt", direction: "DESC" };

  private propertyCache?: SpecProperty[];

  constructor(protected readonly deps: ResourceDeps) {
    super();
  }

  // ─── What AdminJS asks about the resource ─────────────────────────────

  override id(): string {
    return this.resourceId;
  }

  name(): string {
    return this.resourceId;
  }

  override databaseName(): string {
    return "mall";
  }

  override databaseType(): string {
    return "postgres";
  }

  override properties(): BaseProperty[] {
    this.propertyCache ??= this.specs().map((spec, index) => new SpecProperty(spec, index));
    return this.propertyCache;
  }

  override property(path: string): BaseProperty | null {
    return this.properties().find((property) => property.path() === path) ?? null;
  }

  private spec(path: string): PropertySpec | undefined {
    return (this.properties() as SpecProperty[]).find((property) => property.path() === path)?.spec;
  }

  // ─── Reads: always within the person's stores ─────────────────────────

  /** The person's access, or a refusal when nobody (or a deleted user) is signed in. */
  protected async accessOf(context?: ActionContext): Promise<Access> {
    const access = await this.deps.access.of(context?.currentAdmin);
    if (!access) throw new ForbiddenError("anyForbiddenError");
    return access;
  }

  /** The query every read starts from; subclasses join what their params need. */
  protected query(manager: EntityManager): SelectQueryBuilder<T> {
    return manager.getRepository(this.entity).createQueryBuilder(this.alias);
  }

  /** The tenant condition: the heart of the back office's isolation. */
  protected scoped(query: SelectQueryBuilder<T>, access: Access): SelectQueryBuilder<T> {
    if (this.scope.kind === "staff") return access.staff ? query : query.andWhere("1 = 0");
    const storeIds = storesWith(access, this.readPermission);
    if (storeIds === "all") return query;
    if (storeIds.length === 0) return query.andWhere("1 = 0");
    return query.andWhere(`${this.alias}.${this.scope.column} IN (:...scopeStoreIds)`, { scopeStoreIds: [...storeIds] });
  }

  /** Adds `id = :id` (or a composite key's parts); false when the id cannot name a row. */
  protected whereId(query: SelectQueryBuilder<T>, id: string, name = "recordId"): boolean {
    if (!UUID_PATTERN.test(id)) return false;
    query.andWhere(`${this.alias}.id = :${name}`, { [name]: id });
    return true;
  }

  protected whereIds(query: SelectQueryBuilder<T>, ids: string[]): boolean {
    const valid = ids.filter((id) => UUID_PATTERN.test(id));
    if (valid.length === 0) return false;
    query.andWhere(`${this.alias}.id IN (:...recordIds)`, { recordIds: valid });
    return true;
  }

  /** AdminJS's filters as SQL over known columns only; a filter on anything else is ignored. */
  private async filtered(query: SelectQueryBuilder<T>, filter: Filter | undefined): Promise<SelectQueryBuilder<T>> {
    let n = 0;
    const folded: Array<{ column: string; key: string; p: string }> = [];
    for (const { path, value } of Object.values(filter?.filters ?? {})) {
      const spec = this.spec(path);
      if (!spec?.column || value === undefined || value === null || value === "") continue;
      const column = this.sql(spec.filterColumn ?? spec.column);
      const p = `f${n++}`;
      const type = spec.reference ? "reference" : spec.numeric ? "number" : (spec.type ?? "string");
      if (typeof value === "object") {
        const range = value as { from?: string; to?: string };
        const cast = (raw: string) =>
          type === "number" || type === "float" || type === "currency" ? Number(compactDigits(raw)) : new Date(raw);
        // A Jalali day («۱۴۰۴/۰۸/۰۱») means that whole day in Tehran: from its midnight, to the next day's (exclusive).
        const from = range.from ? parseJalaliDate(range.from) : null;
        const to = range.to ? parseJalaliDate(range.to) : null;
        if (from) query.andWhere(`${column} >= :${p}from`, { [`${p}from`]: startOfJalaliDay(from) });
        else if (range.from) query.andWhere(`${column} >= :${p}from`, { [`${p}from`]: cast(range.from) });
        if (to) query.andWhere(`${column} < :${p}to`, { [`${p}to`]: endOfJalaliDay(to) });
        else if (range.to) query.andWhere(`${column} <= :${p}to`, { [`${p}to`]: cast(range.to) });
        continue;
      }
      const raw = String(value);
      if (type === "reference" || type === "uuid" || spec.isId) {
        if (UUID_PATTERN.test(raw)) query.andWhere(`${column} = :${p}`, { [p]: raw });
        else query.andWhere("1 = 0");
      } else if (type === "boolean") {
        query.andWhere(`${column} = :${p}`, { [p]: raw === "true" });
      } else if (type === "number" || type === "float" || type === "currency") {
        const number = Number(compactDigits(raw));
        if (raw.trim() !== "" && Number.isFinite(number)) query.andWhere(`${column} = :${p}`, { [p]: number });
        else query.andWhere("1 = 0");
      } else if (spec.availableValues || spec.match === "exact") {
        query.andWhere(`${column} = :${p}`, { [p]: raw });
      } else if (spec.match === "search") {
        searchTokens(raw).forEach((token, index) =>
          query.andWhere(`${column} LIKE :${p}t${index}`, { [`${p}t${index}`]: `%${escapeLike(token)}%` }),
        );
      } else if (spec.match === "persian") {
        const key = searchKey(raw);
        if (key) folded.push({ column, key, p });
      } else {
        query.andWhere(`${column} ILIKE :${p}`, { [p]: `%${escapeLike(raw)}%` });
      }
    }
    for (const { column, key, p } of folded)
      query.andWhere(`${this.alias}.id = ANY(:${p}ids)`, { [`${p}ids`]: await this.foldedMatches(query, column, key) });
    return query;
  }

  /**
   * The rows (in scope, under the other filters) whose text column contains
   * a search key, folded by @mall/locale's one rule (ي/ی, ک/ك,
   * ZWNJ, diacritics, digits, spaces): for columns without a stored search
   * key (products have one and filter on it with `match: "search"`), the
   * column's values are folded here rather than by a second rule in SQL.
   */
  private async foldedMatches(query: SelectQueryBuilder<T>, column: string, key: string): Promise<string[]> {
    const rows = await query
      .clone()
      .select(`${this.alias}.id`, "id")
      .addSelect(column, "text")
      .getRawMany<{ id: string; text: string | null }>();
    return rows.filter((row) => row.text !== null && searchKey(row.text).includes(key)).map((row) => row.id);
  }

  private sorted(query: SelectQueryBuilder<T>, sort: { sortBy?: string; direction?: "asc" | "desc" } | undefined): SelectQueryBuilder<T> {
    const spec = sort?.sortBy ? this.spec(sort.sortBy) : undefined;
    const column = spec?.column && spec.isSortable !== false ? spec.column : this.defaultSort.column;
    const direction = spec?.column ? (sort?.direction === "desc" ? "DESC" : "ASC") : this.defaultSort.direction;
    query.orderBy(this.sql(column), direction);
    if (column !== "id" && this.spec("id")?.column) query.addOrderBy(`${this.alias}.id`, "ASC");
    return query;
  }

  /** An entity property of this resource's alias (`storeId`), or a joined one as it is (`user.phone`). */
  private sql(column: string): string {
    return column.includes(".") ? column : `${this.alias}.${column}`;
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const access = await this.accessOf(context);
    return (await this.filtered(this.scoped(this.query(this.manager()), access), filter)).getCount();
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: "asc" | "desc" } },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const access = await this.accessOf(context);
    const query = this.sorted(await this.filtered(this.scoped(this.query(this.manager()), access), filter), options.sort);
    // AdminJS passes perPage and (page - 1) × perPage as it read them from the URL: NaN or negative for a hand-made one.
    const limit = Number.isSafeInteger(options.limit) && options.limit! > 0 ? Math.min(options.limit!, 500) : 10;
    const offset = Number.isSafeInteger(options.offset) && options.offset! > 0 ? options.offset! : 0;
    const rows = await query.limit(limit).offset(offset).getMany();
    return this.records(rows, access);
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const access = await this.accessOf(context);
    const query = this.scoped(this.query(this.manager()), access);
    if (!this.whereId(query, String(id))) return null;
    const row = await query.getOne();
    return row ? ((await this.records([row], access))[0] ?? null) : null;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const access = await this.accessOf(context);
    const query = this.scoped(this.query(this.manager()), access);
    if (!this.whereIds(query, ids.map(String))) return [];
    return this.records(await query.getMany(), access);
  }

  /** Loads a row for a write, inside its transaction and within the person's stores, or "not found". */
  protected async loadForWrite(manager: EntityManager, access: Access, id: string): Promise<T> {
    const query = this.scoped(this.query(manager), access);
    if (!this.whereId(query, id)) throw recordNotFound();
    // No row lock here: the services take their own locks, in their own order.
    const row = await query.getOne();
    if (!row) throw recordNotFound();
    return row;
  }

  private async records(rows: T[], access: Access): Promise<BaseRecord[]> {
    const params = await this.present(rows, access);
    return params.map((row) => new BaseRecord(row, this));
  }

  /** A row's params as AdminJS shows them; subclasses add computed values in one query per page. */
  protected async present(rows: T[], _access: Access): Promise<ParamsType[]> {
    return rows.map((row) => this.toParams(row));
  }

  protected toParams(row: T): ParamsType {
    return { ...row };
  }

  protected manager(): EntityManager {
    return this.deps.platform.dataSource.manager;
  }

  // ─── Writes: through the domain services, in one transaction ──────────

  /** Runs a write as the signed-in person in one transaction; a refusal becomes AdminJS errors and nothing is kept. */
  protected async write<R>(
    context: ActionContext | undefined,
    work: (scope: WriteScope) => Promise<R>,
    fieldOf?: (field: string) => string,
  ): Promise<R> {
    const access = await this.accessOf(context);
    try {
      return await this.deps.platform.dataSource.transaction((manager) =>
        work({ ctx: { manager, actor: access.actor, surface: "admin" }, access }),
      );
    } catch (error) {
      throw toAdminError(error, fieldOf);
    }
  }

  protected createRow(_scope: WriteScope, _params: Params): Promise<T> {
    throw new ForbiddenError("anyForbiddenError");
  }

  protected updateRow(_scope: WriteScope, _row: T, _params: Params): Promise<T> {
    throw new ForbiddenError("anyForbiddenError");
  }

  protected deleteRow(_scope: WriteScope, _row: T): Promise<void> {
    throw new ForbiddenError("anyForbiddenError");
  }

  /** Maps a service's field name to the form's; see toAdminError. */
  protected fieldOf(field: string): string {
    return field;
  }

  override async create(params: Params, context?: ActionContext): Promise<ParamsType> {
    const row = await this.write(
      context,
      (scope) => this.createRow(scope, params),
      (field) => this.fieldOf(field),
    );
    return this.presentOne(row, context);
  }

  override async update(id: string, params: Params, context?: ActionContext): Promise<ParamsType> {
    const row = await this.write(
      context,
      async (scope) => this.updateRow(scope, await this.loadForWrite(scope.ctx.manager, scope.access, String(id)), params),
      (field) => this.fieldOf(field),
    );
    return this.presentOne(row, context);
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    await this.write(context, async (scope) => this.deleteRow(scope, await this.loadForWrite(scope.ctx.manager, scope.access, String(id))));
  }

  /** Deletes several rows in one transaction: all of them, or (on any refusal) none. */
  async deleteMany(ids: string[], context?: ActionContext): Promise<void> {
    await this.write(context, async (scope) => {
      for (const id of ids) await this.deleteRow(scope, await this.loadForWrite(scope.ctx.manager, scope.access, id));
    });
  }

  private async presentOne(row: T, context?: ActionContext): Promise<ParamsType> {
    const [params] = await this.present([row], await this.accessOf(context));
    return params ?? this.toParams(row);
  }
}
