import { OpenApiGeneratorV31, type OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";

/** The OpenAPI 3.1 document of every route registered so far. */
export function openApiDocument(registry: OpenAPIRegistry, serverUrl: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Mall API",
      version: "1",
      description:
        "The API of Mall's stores. Store routes find their store by the request's Host (`{slug}.{platform domain}` or a verified custom domain) or by the `X-Store` header. Errors are `{ error: { code, message, field } }` with a Persian message.",
    },
    servers: [{ url: serverUrl }],
  });
}
