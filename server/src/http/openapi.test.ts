import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createApp } from "./app.js";

const test = useTestPlatform();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

describe("the OpenAPI document", () => {
  it("documents every /api/v1 route with its parameters and error responses", async () => {
    const res = await server.request("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const product = doc.paths["/api/v1/products/{id}"].get;
    expect(product.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["id", "X-Store"]));
    expect(Object.keys(product.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "410", "500"]));
    expect(doc.paths["/api/v1/products"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["page", "perPage"]));
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("serves the interactive documentation", async () => {
    const res = await server.request("GET", "/api/docs/");
    expect(res.status).toBe(200);
    expect(res.text).toContain("swagger-ui");
  });
});
