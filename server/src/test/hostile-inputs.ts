import fc from "fast-check";

/**
 * Bad and boundary inputs for an OpenAPI operation, as fast-check
 * arbitraries: values shaped by each parameter's and body's JSON Schema
 * (so some requests get past the first check and reach the handler), mixed
 * with values no schema allows (wrong types, huge strings, RTL controls,
 * NaN-like strings, SQL/HTML metacharacters, bad uuids, deep JSON).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  /** The JSON body's schema, if the operation takes JSON. */
  jsonBody?: JsonSchema;
  /** The operation takes a multipart upload. */
  multipart: boolean;
  authenticated: boolean;
  /** Its success is an HTML page a browser lands on (a gateway's return), not JSON. */
  html: boolean;
}

/** One generated request. `body` is the raw text sent with `contentType`. */
export interface HostileRequest {
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  contentType?: string;
  /** Which kind of mutation produced it, for the failure report. */
  kind: string;
  /** The fields the input set (body properties, query and path names): a 400 must name one of them or a location. */
  fields: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, JsonSchema> } };

/** Every operation of the document, with `$ref`s resolved. */
export function operationsOf(doc: Doc): OpenApiOperation[] {
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    if (!schema) return schema;
    if (typeof schema.$ref === "string") return resolve(doc.components?.schemas?.[schema.$ref.split("/").pop()!]);
    return schema;
  };
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const content = operation.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((parameter: OpenApiParameter) => ({
          ...parameter,
          schema: resolve(parameter.schema),
        })),
        jsonBody: resolve(content["application/json"]?.schema),
        multipart: "multipart/form-data" in content,
        authenticated: Array.isArray(operation.security) && operation.security.length > 0,
        html: Object.values(operation.responses ?? {}).some(
          (response) => "text/html" in ((response as { content?: object }).content ?? {}),
        ),
      });
    }
  }
  return operations;
}

const BAD_UUIDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-fffffffffffff",
  "1",
  "' OR '1'='1",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "۱۲۳",
];
const NASTY_STRINGS = [
  "",
  " ",
  "\u202Eتست\u202C",
  "\u200F\u200E\u200D\u200C\u2066\u2069",
  "\u0000",
  "\uFEFF",
  "\uD800",
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "1e309",
  "0x1F",
  "null",
  "undefined",
  "true",
  "' OR 1=1 --",
  "'; DROP TABLE products; --",
  "\\",
  "%",
  "_",
  "$1",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{7*7}}",
  "${7*7}",
  "../../../../etc/passwd",
  "۰۹۱۲۱۲۳۴۵۶۷",
  "٠٩١٢",
  "🛒".repeat(50),
  "a".repeat(5_000),
  "ی".repeat(70_000),
];
const BAD_STORE_HEADERS = [
  "",
  " ",
  "no-such-store",
  "../../etc",
  "' OR 1=1 --",
  "<script>",
  "%00",
  "UPPER-Case",
  "a".repeat(300),
  "00000000-0000-4000-8000-000000000000",
  "*",
];
/**
 * Forged client addresses (issue 24 #1): a client writes its own X-Forwarded-For to look like
 * a fresh address to every per-address limit, or like loopback to the operational endpoints.
 */
const FORGED_FORWARDED_FOR = [
  "127.0.0.1",
  "::1",
  "10.0.0.1, 127.0.0.1",
  "203.0.113.7",
  "unknown",
  "not-an-address",
  "1.2.3.4, ".repeat(40) + "5.6.7.8",
  "' OR 1=1 --",
  "%00",
];
const NASTY_NUMBERS = [
  -1,
  0,
  -0,
  1,
  0.5,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e21,
  1e308,
];

/** A JSON value nested `depth` levels deep: `{"a":{"a":…}}` or `[[[…]]]`. */
export function deepJson(depth: number, array: boolean): string {
  return array ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** Anything at all: the values no schema expects. */
export const anyHostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    ...NASTY_STRINGS,
    ...NASTY_NUMBERS,
    null,
    true,
    false,
    [],
    {},
    [null],
    { $ne: null },
    { __proto__: { admin: true } },
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
);

/** A value for a schema: mostly one it allows or sits at its edges, sometimes anything. */
export function valueFor(schema: JsonSchema | undefined, ids: (name: string) => string[], name = "", depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyHostileValue;
  const choices: Array<fc.Arbitrary<unknown>> = [];
  const variants = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])] as JsonSchema[];
  for (const variant of variants) choices.push(valueFor(variant, ids, name, depth + 1));
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (schema.enum) choices.push(fc.constantFrom(...(schema.enum as unknown[])));
  if (schema.const !== undefined) choices.push(fc.constant(schema.const));
  for (const type of types) {
    switch (type) {
      case "string": {
        const known = ids(name);
        if (schema.format === "uuid" || known.length > 0)
          choices.push(fc.constantFrom(...(known.length ? known : ["00000000-0000-4000-8000-000000000000"]), ...BAD_UUIDS), fc.uuid());
        const min = schema.minLength ?? 0;
        const max = Math.min(schema.maxLength ?? 50, 50);
        choices.push(fc.string({ minLength: Math.min(min, max), maxLength: max }), fc.constantFrom(...NASTY_STRINGS));
        if (schema.maxLength !== undefined)
          choices.push(fc.constant("ب".repeat(schema.maxLength)), fc.constant("ب".repeat(schema.maxLength + 1)));
        break;
      }
      case "integer":
      case "number": {
        const min = typeof schema.minimum === "number" ? schema.minimum : -1e6;
        const max = typeof schema.maximum === "number" ? schema.maximum : 1e6;
        choices.push(
          fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }),
          fc.constantFrom(min, max, min - 1, max + 1, ...NASTY_NUMBERS),
          fc.constantFrom("12", "NaN", "۱۲", "1e3", "-1", ""),
        );
        break;
      }
      case "boolean":
        choices.push(fc.boolean(), fc.constantFrom("true", "false", 0, 1, "yes"));
        break;
      case "null":
        choices.push(fc.constant(null));
        break;
      case "array": {
        const items = valueFor(schema.items, ids, name, depth + 1);
        choices.push(fc.array(items, { maxLength: 3 }), fc.constant(Array.from({ length: (schema.maxItems ?? 50) + 1 }, () => null)));
        break;
      }
      case "object":
        choices.push(objectFor(schema, ids, depth + 1));
        break;
    }
  }
  if (choices.length === 0) return anyHostileValue;
  // Nine times in ten a value shaped by the schema, so most requests reach past the first check.
  return fc.oneof({ arbitrary: fc.oneof(...choices), weight: 9 }, { arbitrary: anyHostileValue, weight: 1 });
}

/** An object with the schema's required properties and some of the others. */
function objectFor(schema: JsonSchema, ids: (name: string) => string[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) shape[key] = valueFor(property, ids, key, depth);
  return fc.record(shape, { requiredKeys: required.filter((key) => key in shape) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** How the body is spoiled. */
const BODY_KINDS = [
  "shaped",
  "shaped",
  "shaped",
  "wrong-type",
  "missing-required",
  "extra-fields",
  "not-object",
  "deep-json",
  "malformed-json",
  "wrong-content-type",
  "huge",
] as const;

interface SpoiledBody {
  kind: string;
  body?: string;
  contentType?: string;
  fields: string[];
}

function bodyFor(operation: OpenApiOperation, ids: (name: string) => string[]): fc.Arbitrary<SpoiledBody> {
  const schema = operation.jsonBody;
  if (!schema && !operation.multipart) {
    // No body expected: sometimes send one anyway.
    return fc.oneof(
      fc.constant<SpoiledBody>({ kind: "no-body", fields: [] }),
      anyHostileValue.map((value): SpoiledBody => ({
        kind: "unexpected-body",
        body: JSON.stringify(value) ?? "null",
        contentType: "application/json",
        fields: [],
      })),
    );
  }
  if (operation.multipart) {
    return fc.constantFrom(
      { kind: "json-instead-of-upload", body: JSON.stringify({ file: "x" }), contentType: "application/json", fields: [] },
      { kind: "multipart-without-boundary", body: "--x\r\n\r\n", contentType: "multipart/form-data", fields: [] },
      { kind: "multipart-empty", body: "--b--\r\n", contentType: "multipart/form-data; boundary=b", fields: [] },
      {
        kind: "multipart-no-file",
        body: '--b\r\ncontent-disposition: form-data; name="note"\r\n\r\n<script>\r\n--b--\r\n',
        contentType: "multipart/form-data; boundary=b",
        fields: [],
      },
      {
        kind: "multipart-fake-image",
        body: '--b\r\ncontent-disposition: form-data; name="file"; filename="../../x.jpg"\r\ncontent-type: image/jpeg\r\n\r\n<html><script>alert(1)</script></html>\r\n--b--\r\n',
        contentType: "multipart/form-data; boundary=b",
        fields: [],
      },
      {
        kind: "multipart-truncated",
        body: '--b\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
        contentType: "multipart/form-data; boundary=b",
        fields: [],
      },
    );
  }
  const shaped = objectFor(schema!, ids, 0);
  const properties = Object.keys(schema!.properties ?? {});
  const required = (schema!.required ?? []) as string[];
  return fc.tuple(fc.constantFrom(...BODY_KINDS), shaped, fc.nat(), anyHostileValue).map(([kind, value, pick, hostile]) => {
    const json = (body: unknown) => ({
      kind,
      body: JSON.stringify(body),
      contentType: "application/json",
      fields: Object.keys(body && typeof body === "object" ? body : {}),
    });
    switch (kind) {
      case "wrong-type": {
        if (properties.length === 0) return json(hostile);
        const key = properties[pick % properties.length]!;
        return json({ ...value, [key]: typeof value[key] === "string" ? 12345 : ["<b>x</b>"] });
      }
      case "missing-required": {
        const copy = { ...value };
        if (required.length > 0) delete copy[required[pick % required.length]!];
        return json(copy);
      }
      case "extra-fields": {
        // Fields no schema has, and a prototype key that must not reach anything.
        const extra = { ...value, storeId: ids("storeId")[0], isStaff: true, role: "owner", "<b>": "<i>" };
        return { ...json(extra), body: `{"__proto__":{"isStaff":true},${JSON.stringify(extra).slice(1)}` };
      }
      case "not-object":
        return { kind, body: JSON.stringify(hostile) ?? "null", contentType: "application/json", fields: [] };
      case "deep-json":
        return { kind, body: deepJson(pick % 2 === 0 ? 5_000 : 100, pick % 3 === 0), contentType: "application/json", fields: ["a"] };
      case "malformed-json":
        return {
          kind,
          body: ['{"a":', "{'a':1}", "[1,2", '{"a":1}}', "\u0000", '{"a":NaN}'][pick % 6],
          contentType: "application/json",
          fields: [],
        };
      case "wrong-content-type":
        return {
          kind,
          body: pick % 2 === 0 ? JSON.stringify(value) : new URLSearchParams({ a: "<b>" }).toString(),
          contentType: pick % 2 === 0 ? "text/plain" : "application/x-www-form-urlencoded",
          fields: Object.keys(value),
        };
      case "huge":
        return {
          kind,
          body: JSON.stringify({ ...value, [properties[0] ?? "x"]: "ی".repeat(600_000) }),
          contentType: "application/json",
          fields: properties,
        };
      default:
        return json(value);
    }
  });
}

/**
 * Requests for one operation: path parameters from the known ids (of the
 * other store, say) or bad ones, query values by schema or hostile, a body
 * spoiled one way or another. `fixedHeaders` are sent on every request.
 */
export function requestsFor(
  operation: OpenApiOperation,
  ids: (name: string) => string[],
  fixedHeaders: Record<string, string>,
): fc.Arbitrary<HostileRequest> {
  const pathParams = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParams = operation.parameters.filter((parameter) => parameter.in === "query");
  const pathValues: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of pathParams) {
    const known = ids(parameter.name);
    // Mostly the real ids of the other store's things: the cross-store case.
    pathValues[parameter.name] = known.length
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...known), weight: 3 },
          { arbitrary: valueFor(parameter.schema, ids, parameter.name), weight: 1 },
        )
      : valueFor(parameter.schema, ids, parameter.name);
  }
  const queryValues: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of queryParams) queryValues[parameter.name] = valueFor(parameter.schema, ids, parameter.name);
  // One request in four is a clean probe: only known ids in the path, no query, so it gets past
  // validation to the access check (the cross-store case) instead of stopping at a 400.
  const knownPath: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of pathParams)
    knownPath[parameter.name] = ids(parameter.name).length ? fc.constantFrom(...ids(parameter.name)) : pathValues[parameter.name]!;
  const probe = fc.tuple(fc.record(knownPath), fc.constant({}), bodyFor(operation, ids), fc.constant(false));
  const spoiled = fc.tuple(fc.record(pathValues), fc.record(queryValues, { requiredKeys: [] }), bodyFor(operation, ids), fc.boolean());
  // A store header (X-Store) the operation documents: sometimes a bad one (ASCII, as headers must be; never a real store's slug).
  const takesStoreHeader = operation.parameters.some(
    (parameter) => parameter.in === "header" && parameter.name.toLowerCase() === "x-store",
  );
  const storeHeader = takesStoreHeader
    ? fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.constantFrom(...BAD_STORE_HEADERS), weight: 1 })
    : fc.constant(null);
  const forwardedFor = fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.constantFrom(...FORGED_FORWARDED_FOR), weight: 1 },
  );
  return fc
    .tuple(fc.oneof({ arbitrary: probe, weight: 1 }, { arbitrary: spoiled, weight: 3 }), storeHeader, forwardedFor)
    .map(([[path, query, body, extraQuery], badStore, forged]) => {
      const filled = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => pathSegment(textOf(path[name])));
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (Array.isArray(value)) for (const item of value) search.append(key, textOf(item).slice(0, URL_VALUE_LIMIT));
        else search.append(key, textOf(value).slice(0, URL_VALUE_LIMIT));
      }
      if (extraQuery) search.append("__proto__[x]", "1");
      return {
        path: filled,
        query: search.toString(),
        headers: {
          ...fixedHeaders,
          ...(badStore !== null ? { "x-store": badStore } : {}),
          ...(forged !== null ? { "x-forwarded-for": forged } : {}),
        },
        ...(body.body !== undefined ? { body: body.body, contentType: body.contentType } : {}),
        kind: body.kind,
        fields: [...body.fields, ...Object.keys(query), ...Object.keys(path)],
      };
    });
}

/**
 * Past Node's 16 KB header limit the answer is Node's own 431, before the
 * app: a URL value is cut to a size the app sees (bodies keep their huge strings).
 */
const URL_VALUE_LIMIT = 2_000;

/** A path segment; a lone surrogate becomes its raw (invalid UTF-8) bytes, which the server must refuse politely. */
function pathSegment(value: string): string {
  const text = value.slice(0, URL_VALUE_LIMIT);
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\uD800-\uDFFF]/g, "%ED%A0%80").replace(/[^%\w.~-]/g, (char) => encodeURIComponent(char));
  }
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value) ?? "";
}

/** What the back office registers: one action of one resource (admin/src/test/admin-actions.ts reads them from AdminJS). */
interface BackOfficeAction {
  resource: string;
  action: string;
  type: "resource" | "record" | "bulk";
}

/** The params a back-office action may read, each tried with ids of the other store or with hostile text. */
const BACK_OFFICE_PARAMS = [
  "id",
  "storeId",
  "userId",
  "productId",
  "orderId",
  "categoryId",
  "parentId",
  "discountId",
  "instanceId",
  "methodId",
  "name",
  "nameFa",
  "title",
  "slug",
  "code",
  "phone",
  "role",
  "status",
  "state",
  "amount",
  "price",
  "stock",
  "value",
  "kind",
  "domain",
  "gateway",
  "enabled",
  "confirmed",
  "op",
  "mode",
  "reason",
  "trackingCode",
  "isActive",
  "credentials.merchantId",
  "bodyHtml",
];

/** A multipart form as AdminJS's front end posts it (fields only; AdminJS reads files through its own upload feature). */
function formBody(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = "----mall-hostile-form";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n${value}\r\n`,
  );
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Requests for one action of the back office's API (`/admin/api/resources/…`),
 * by its type: a record action on another store's ids (or bad ones), a bulk
 * action over a list of them, a resource action (list, search, new, custom)
 * with filters, sorting and paging pointed at the other store or spoiled;
 * GET and POST, params from the other store's ids or hostile text.
 */
export function backOfficeRequestsFor(
  action: BackOfficeAction,
  ids: (name: string) => string[],
  anyId: string[],
  fixedHeaders: Record<string, string>,
): fc.Arbitrary<HostileRequest & { method: string }> {
  const text = anyHostileValue.map((value) => textOf(value).slice(0, URL_VALUE_LIMIT));
  const idOf = fc.oneof(
    { arbitrary: fc.constantFrom(...anyId), weight: 3 },
    { arbitrary: fc.constantFrom(...BAD_UUIDS, ...NASTY_STRINGS.slice(0, 8)), weight: 1 },
  );
  const param = (name: string) => {
    const known = ids(name.split(".").pop()!);
    return known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 2 }, { arbitrary: text, weight: 1 }) : text;
  };
  const params = fc.record(Object.fromEntries(BACK_OFFICE_PARAMS.map((name) => [name, param(name)])), { requiredKeys: [] });
  const base = `/admin/api/resources/${action.resource}`;
  const target = (() => {
    switch (action.type) {
      case "record":
        return idOf.map((id) => ({ path: `${base}/records/${pathSegment(id)}/${action.action}`, query: "" }));
      case "bulk":
        return fc.array(idOf, { minLength: 1, maxLength: 4 }).map((list) => ({
          path: `${base}/bulk/${action.action}`,
          query: new URLSearchParams({ recordIds: list.join(",") }).toString(),
        }));
      default:
        return fc
          .tuple(
            action.action === "search" ? fc.oneof(text, fc.constantFrom(...anyId)) : fc.constant(""),
            fc.record(
              {
                "filters.storeId": fc.constantFrom(...ids("storeId")),
                "filters.id": idOf,
                "filters.userId": param("userId"),
                "filters.name": text,
                sortBy: fc.oneof(text, fc.constantFrom("storeId", "id", "password", "__proto__")),
                direction: fc.oneof(text, fc.constantFrom("asc", "desc")),
                page: fc.oneof(text, fc.constantFrom("-1", "0", "1e9", "NaN")),
                perPage: fc.oneof(text, fc.constantFrom("-1", "0", "100000", "NaN")),
              },
              { requiredKeys: [] },
            ),
          )
          .map(([search, query]) => ({
            path: `${base}/actions/${action.action}${action.action === "search" ? `/${pathSegment(search)}` : ""}`,
            query: new URLSearchParams(query as Record<string, string>).toString(),
          }));
    }
  })();
  return fc.tuple(target, fc.constantFrom("GET", "POST"), params).map(([{ path, query }, method, fields]) => {
    const form = method === "POST" ? formBody(fields as Record<string, string>) : undefined;
    return {
      method,
      path,
      query,
      headers: { ...fixedHeaders },
      ...(form ? { body: form.body, contentType: form.contentType } : {}),
      kind: `${action.type} ${method}`,
      fields: Object.keys(fields),
    };
  });
}
