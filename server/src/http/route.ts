import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "../platform/zod.js";
import { parseInput } from "../core/validation.js";
import { PreparedJson } from "../core/prepared-json.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The error statuses a route can answer, each documented with the shared error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Invalid input; `error.field` names it",
  401: "Not signed in",
  403: "Signed in, not allowed",
  404: "Not found (or belongs to another store)",
  409: "Conflicts with existing data; `error.field` names it",
  410: "The store is suspended",
  413: "Body too large",
  415: "The file's type (read from its bytes) is not accepted; `error.field` names it",
  422: "Understood but refused by a business rule",
  429: "Rate limited; `Retry-After` says how long to wait",
  503: "A dependency is unavailable",
};

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string().openapi({ description: "Persian, for people", example: "ورودی نامعتبر است." }),
      field: z.string().optional().openapi({ description: "The input to blame, when there is one", example: "slug" }),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express-style, relative to the router (`/products/:id`). */
  path: string;
  summary: string;
  tags: string[];
  /** The route is for one store, found by Host or X-Store; "optional": for a store when Host or X-Store names one. */
  store?: boolean | "optional";
  /** Needs a signed-in user (Bearer access token); sets `req.actor`. Authorisation is the handler's call to `authorize`. */
  auth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** A multipart/form-data body, for documentation only: the handler reads the stream itself (media uploads). */
  multipart?: AnyObject;
  response: R;
  /** The success status; a handler may answer another 2xx by setting `res.locals.status` (a replayed creation answers 200, not 201). */
  status?: 200 | 201 | 202;
  /** The handler returns an HTML page (its text) instead of a JSON body; `response` then documents it as a string. */
  html?: boolean;
  /** The handler returns a CSV file (its text, BOM included); `res.locals.filename` names the download. `response` documents it as a string. */
  csv?: boolean;
  /** The route answers a browser with a 303 to `res.locals.redirect` when its handler sets it (payment callbacks); the documented status is 303. */
  redirect?: boolean;
  errors?: ErrorStatus[];
  /** Extra middleware (authentication, rate limits) run before validation. */
  before?: RequestHandler[];
  /**
   * The handler answers a JSON body it already has serialised (a cache's bytes and ETag): sent as they are, never
   * serialised again; `response` still documents the body.
   */
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    req: Request,
    res: Response,
  ) => Promise<z.input<R> | PreparedJson>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = RouteSpec<any, any, any, any>;

/** Declares a route; the same zod schemas validate requests and write the OpenAPI document. */
export function defineRoute<
  P extends AnyObject = z.ZodObject<{}>,
  Q extends AnyObject = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): RouteSpec<P, Q, B, R> {
  return spec;
}

const storeHeader = z.object({
  "X-Store": z.string().optional().openapi({ description: "Store slug or id, for API clients that do not call the store's own host" }),
});

/** The middleware that `store` and `auth` in a route spec stand for. */
export interface RouteMiddleware {
  requireStore: RequestHandler;
  optionalStore: RequestHandler;
  requireAuth: RequestHandler;
}

/** The OpenAPI security scheme of routes with `auth: true`. */
export const BEARER_SCHEME = "bearerAuth";

/** Mounts routes on a router and documents them under `basePath` in the registry. */
export function mountRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  basePath: string,
  routes: AnyRouteSpec[],
  middleware: RouteMiddleware,
): void {
  for (const spec of routes) {
    const pattern = `${basePath}${spec.path}`;
    const handlers: RequestHandler[] = [
      (_req, res, next) => {
        // Read by the metrics middleware: the pattern survives an error leaving the router, req.route does not.
        res.locals.routePattern = pattern;
        next();
      },
      ...(spec.store === "optional" ? [middleware.optionalStore] : spec.store ? [middleware.requireStore] : []),
      ...(spec.auth ? [middleware.requireAuth] : []),
      ...(spec.before ?? []),
    ];
    handlers.push(async (req, res) => {
      const input = {
        params: spec.params ? parseInput(spec.params, req.params, "params") : {},
        query: spec.query ? parseInput(spec.query, req.query, "query") : {},
        body: spec.body ? parseInput(spec.body, req.body, "body") : undefined,
      };
      const result = await spec.handler(input, req, res);
      if (spec.redirect && typeof res.locals.redirect === "string") {
        res.redirect(303, res.locals.redirect);
        return;
      }
      const status = (res.locals.status as number | undefined) ?? spec.status ?? 200;
      if (spec.html) res.status(status).type("html").send(result);
      else if (spec.csv) {
        if (typeof res.locals.filename === "string") res.attachment(res.locals.filename);
        res.status(status).type("text/csv; charset=utf-8").send(result);
      } else if (result instanceof PreparedJson) sendPrepared(res.status(status), result);
      else res.status(status).json(result);
    });
    router[spec.method](spec.path, ...handlers);
    registry.registerPath(openApiRoute(basePath, spec));
  }
}

function openApiRoute(basePath: string, spec: AnyRouteSpec): RouteConfig {
  const responses: Record<string, ResponseConfig> = {
    [String(spec.status ?? 200)]: {
      description: "OK",
      content: { [spec.html ? "text/html" : spec.csv ? "text/csv" : "application/json"]: { schema: spec.response } },
    },
  };
  if (spec.redirect) responses["303"] = { description: "To the page that shows the outcome (`Location`)" };
  const errors = new Set<ErrorStatus>([
    ...(spec.errors ?? []),
    ...(spec.params || spec.query || spec.body || spec.multipart ? [400 as const] : []),
    ...(spec.store ? [404 as const, 410 as const] : []),
    ...(spec.auth ? [401 as const] : []),
  ]);
  for (const status of [...errors].sort()) {
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: errorBodySchema } } };
  }
  responses["500"] = {
    description: "Unexpected; the body carries only a request id",
    content: { "application/json": { schema: errorBodySchema } },
  };
  return {
    method: spec.method,
    path: `${basePath}${spec.path}`.replace(/:([A-Za-z0-9_]+)/g, "{$1}"),
    summary: spec.summary,
    tags: spec.tags,
    ...(spec.auth ? { security: [{ [BEARER_SCHEME]: [] }] } : {}),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.store ? { headers: storeHeader } : {}),
      ...(spec.body ? { body: { content: { "application/json": { schema: spec.body } }, required: true } } : {}),
      ...(spec.multipart ? { body: { content: { "multipart/form-data": { schema: spec.multipart } }, required: true } } : {}),
    },
    responses,
  };
}

/** Sends a prepared JSON body with its ETag; Express's send answers 304 to a matching If-None-Match and leaves HEAD bodiless. */
function sendPrepared(res: Response, prepared: PreparedJson): void {
  res.set("Content-Type", "application/json; charset=utf-8").set("ETag", prepared.etag).send(prepared.body);
}
