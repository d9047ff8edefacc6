/** What a multipart upload answered. */
export interface UploadResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * Posts one file as multipart/form-data (the browser's way: fetch and
 * FormData) to a test server; `startTestServer().request()` sends JSON only.
 */
export async function postFile(
  url: string,
  file: { data: Buffer; filename: string; contentType?: string; field?: string },
  options: { headers?: Record<string, string>; method?: string } = {},
): Promise<UploadResponse> {
  const form = new FormData();
  form.append(
    file.field ?? "file",
    new Blob([new Uint8Array(file.data)], { type: file.contentType ?? "application/octet-stream" }),
    file.filename,
  );
  const response = await fetch(url, { method: options.method ?? "POST", body: form, headers: options.headers });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body };
}
