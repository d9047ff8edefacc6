import { createApp } from "@mall/server/main/app.js";
import { startWorkers, type RunningWorker } from "@mall/server/main/workers.js";
import type { QueueName } from "@mall/server/jobs/queues.js";
import type { ProcessPlatform } from "@mall/server/main/platform.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { startTestServer, type TestServer } from "@mall/server/test/http-client.js";
import { TEST_BUNDLE_DIR } from "@mall/server/test/admin-bundle-dir.js";
import { clearRateLimits, waitForLastOtp } from "@mall/server/test/sign-in.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { flat } from "adminjs";
import { afterAll, beforeAll, expect } from "vitest";

/**
 * The server (with /admin) on a free port, over this file's own database and
 * Redis prefix, with the workers the file needs (`sms` delivers sign-in
 * codes through the console driver); on `port` when the test must know the
 * address before the server starts.
 */
export function useAdminServer(options: { queues?: QueueName[]; env?: Record<string, string>; port?: number } = {}) {
  const test = useTestPlatform({ ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR, ...options.env });
  let server: TestServer | undefined;
  let workers: RunningWorker | undefined;
  beforeAll(async () => {
    server = await startTestServer(createApp(test.platform), { port: options.port });
    workers = startWorkers(test.platform, { queues: options.queues ?? ["sms"], relayIntervalMs: 100 });
  });
  afterAll(async () => {
    await workers?.stop();
    await server?.close();
  });
  return {
    get platform(): ProcessPlatform {
      return test.platform;
    },
    get server(): TestServer {
      if (!server) throw new Error("useAdminServer: used outside a test");
      return server;
    },
  };
}

export interface AdminResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/**
 * A signed-in back-office session that calls AdminJS's HTTP API the way its
 * front end does: GET for reads, POST with multipart form data (flattened
 * params, AdminJS's null marker) for changes, the session cookie on every call.
 */
export class AdminSession {
  constructor(
    readonly server: TestServer,
    readonly cookie: string,
  ) {}

  async request(method: string, path: string, body?: Record<string, unknown> | FormData): Promise<AdminResponse> {
    let payload: FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body) payload = formData(body);
    const response = await fetch(`${this.server.url}/admin${path}`, {
      method,
      headers: { cookie: this.cookie },
      body: payload,
      redirect: "manual",
    });
    const text = await response.text();
    const json = (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, body: json, text };
  }

  get(path: string) {
    return this.request("GET", path);
  }

  post(path: string, body: Record<string, unknown> | FormData = {}) {
    return this.request("POST", path, body);
  }

  // AdminJS's API, by action.
  list(resource: string, query: Record<string, string> = {}) {
    return this.get(`/api/resources/${resource}/actions/list?${new URLSearchParams({ perPage: "100", ...query })}`);
  }
  show(resource: string, id: string) {
    return this.get(`/api/resources/${resource}/records/${encodeURIComponent(id)}/show`);
  }
  create(resource: string, params: Record<string, unknown>) {
    return this.post(`/api/resources/${resource}/actions/new`, params);
  }
  edit(resource: string, id: string, params: Record<string, unknown>) {
    return this.post(`/api/resources/${resource}/records/${encodeURIComponent(id)}/edit`, params);
  }
  delete(resource: string, id: string) {
    return this.post(`/api/resources/${resource}/records/${encodeURIComponent(id)}/delete`);
  }
  bulk(resource: string, action: string, ids: string[], params: Record<string, unknown> = {}) {
    return this.post(`/api/resources/${resource}/bulk/${action}?recordIds=${ids.map(encodeURIComponent).join(",")}`, params);
  }
  search(resource: string, query: string) {
    return this.get(`/api/resources/${resource}/actions/search/${encodeURIComponent(query)}`);
  }
  recordAction(resource: string, id: string, action: string, params?: Record<string, unknown>) {
    const path = `/api/resources/${resource}/records/${encodeURIComponent(id)}/${action}`;
    return params ? this.post(path, params) : this.get(path);
  }
}

/** Params as AdminJS's front end posts them: flattened, null as its marker. */
export function formData(params: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(flat.flatten(params) as Record<string, unknown>)) {
    if (value === undefined) continue;
    form.append(key, value === null ? "__FORM_VALUE_NULL__" : String(value));
  }
  return form;
}

/** Signs in through the back office's SMS login: number, the code the console driver "sent", session cookie. */
export async function signInToAdmin(server: TestServer, platform: Platform, phone: string): Promise<AdminSession> {
  await clearRateLimits(platform);
  const before = new Date().toISOString();
  const sent = await fetch(`${server.url}/admin/login/code`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone }),
  });
  expect(sent.status, await sent.clone().text()).toBe(202);
  const { challenge } = (await sent.json()) as { challenge: string };
  const { code } = await waitForLastOtp(platform.redis, phone, { newerThan: before });
  const verified = await fetch(`${server.url}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, code, challenge }),
  });
  expect(verified.status, await verified.clone().text()).toBe(200);
  const cookie = verified.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("no session cookie");
  return new AdminSession(server, cookie);
}
