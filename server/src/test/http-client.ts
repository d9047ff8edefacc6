import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestServer {
  port: number;
  url: string;
  /** Sends a request; `host` sets the Host header (fetch cannot), `body` is sent as JSON unless a string. */
  request(
    method: string,
    path: string,
    options?: { host?: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

/**
 * Serves a request listener (createApp's, or an Express app) on a free loopback port for the test file
 * (or on `port`, when its address must be known before: a redirect URI).
 */
export async function startTestServer(listener: RequestListener, options: { port?: number } = {}): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    ...httpClient(port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Requests to a server on a loopback port (in this process or another); `close` does nothing. */
export function httpClient(port: number): TestServer {
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    request(method, path, options = {}) {
      const payload =
        options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      const headers: Record<string, string> = {
        ...(payload !== undefined ? { "content-type": "application/json" } : {}),
        ...options.headers,
      };
      if (options.host) headers.host = options.host;
      return new Promise((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: unknown = undefined;
            if (String(res.headers["content-type"] ?? "").includes("json")) body = JSON.parse(text);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
          });
        });
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
    close: async () => {},
  };
}
