import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request a fake provider received, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as text, and parsed (form fields or JSON) when it parses. */
  rawBody: string;
  body: unknown;
}

/** A fake's answer: a JSON body, or an HTML page (with headers such as Location) for a shopper's browser. */
export type FakeAnswer = { status: number; body: unknown } | { status: number; html: string; headers?: Record<string, string> };

/** How the next calls should fail: with an HTTP status (a proxy's or a crash's plain-text page), or with a provider status code. */
export type FakeFailure = { httpStatus: number } | { status: number; message?: string };

/**
 * The plumbing every fake provider shares: a node:http server on a free
 * loopback port, every request recorded, and a queue of failures to answer
 * the next calls with.
 */
export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: FakeFailure[] = [];
  private readonly delays: number[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.receive(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Answers the next `count` calls with this failure (after recording them). */
  failNext(count: number, failure: FakeFailure): void {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** Holds the answers to the next `count` calls for `ms` (a client's timeout fires first). */
  delayNext(count: number, ms: number): void {
    for (let i = 0; i < count; i++) this.delays.push(ms);
  }

  /** Forgets recorded requests, queued failures and delays. */
  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.delays.length = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      rawBody,
      body: parseBody(req.headers, rawBody),
    };
    this.requests.push(request);
    const failure = this.failures.shift();
    const delay = this.delays.shift();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      if (failure && "httpStatus" in failure) {
        res.writeHead(failure.httpStatus, { "Content-Type": "text/html" }).end(`<html><body><h1>${failure.httpStatus}</h1></body></html>`);
        return;
      }
      // The provider does its work even when the client gave up waiting (its answer is what got lost).
      const answer = this.handle(request, failure);
      if (res.destroyed) return;
      if ("html" in answer) {
        res.writeHead(answer.status, { "Content-Type": "text/html; charset=utf-8", ...answer.headers }).end(answer.html);
        return;
      }
      res.writeHead(answer.status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(answer.body));
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" }).end(String(error));
    }
  }

  /** The provider's answer to one request (JSON, or a page for a browser); `failure` is a queued provider-status failure to answer with instead. */
  protected abstract handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer;
}

function parseBody(headers: IncomingHttpHeaders, raw: string): unknown {
  const type = String(headers["content-type"] ?? "");
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  if (type.startsWith("application/json")) {
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What both Iranian providers accept as a mobile number: 09…, 9…, +989…, 00989…, 989…. */
export const MOBILE = /^(?:0|\+98|0098|98)?9\d{9}$/;
