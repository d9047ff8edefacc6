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
    expect(doc.paths["/api/v1/products"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["cursor", "limit"]));
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("documents sign-in, tokens and the members route with their errors and the bearer scheme", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses("/api/v1/auth/send-otp", "post")).toEqual(["202", "400", "404", "410", "429", "500", "503"]);
    expect(statuses("/api/v1/auth/verify-otp", "post")).toEqual(["200", "400", "404", "410", "429", "500", "503"]);
    expect(statuses("/api/v1/auth/refresh-token", "post")).toEqual(["200", "400", "401", "500"]);
    expect(statuses("/api/v1/auth/logout", "post")).toEqual(["200", "400", "500"]);
    expect(statuses("/api/v1/auth/me", "get")).toEqual(["200", "401", "500"]);
    expect(statuses("/api/v1/stores/{storeId}/members", "get")).toEqual(["200", "400", "401", "403", "404", "500"]);
    expect(doc.paths["/api/v1/auth/send-otp"].post.parameters.map((p: { name: string }) => p.name)).toContain("X-Store");
    expect(doc.paths["/api/v1/auth/verify-otp"].post.requestBody.content["application/json"].schema.required).toEqual(["phone", "code"]);

    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(doc.paths["/api/v1/auth/me"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/v1/stores/{storeId}/members"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/v1/auth/verify-otp"].post.security).toBeUndefined();
    expect(doc.components.schemas.Tokens.required).toEqual(expect.arrayContaining(["accessToken", "refreshToken", "expiresIn"]));
  });

  it("serves the interactive documentation", async () => {
    const res = await server.request("GET", "/api/docs/");
    expect(res.status).toBe(200);
    expect(res.text).toContain("swagger-ui");
  });
});
