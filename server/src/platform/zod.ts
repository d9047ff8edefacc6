/**
 * The one zod every schema imports: extended with `.openapi()` (so the same
 * schemas write the OpenAPI document) and speaking Persian where a schema
 * sets no message of its own.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);
z.config(z.locales.fa());

export { z };
