// The description is generated from the router's own definitions: every route is in it, with every error
// it can answer, and the whole document validates as OpenAPI 3.1 (an independent validator).
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { STATUS_BY_CODE } from "@/lib/errors";
import { apiRoutes } from "./api-routes";
import { openApiDocument } from "./openapi";

const doc = openApiDocument(apiRoutes, "http://localhost:3000") as unknown as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, unknown>; security?: unknown[]; parameters?: { name: string; in: string }[] }
    >
  >;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

describe("the generated OpenAPI description", () => {
  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("has every route of the router, with its success answers and every error it can give", () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(12);
    for (const route of apiRoutes) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      for (const status of Object.keys(route.responses))
        expect(op!.responses[status], `${route.method} ${route.path} ${status}`).toBeDefined();
      const codes = [
        ...(route.errors ?? []),
        ...(route.access === "public"
          ? []
          : (["unauthenticated", "invalid_key", "forbidden", "rate_limited", "account_required"] as const)),
      ];
      for (const code of codes)
        expect(
          op!.responses[String(STATUS_BY_CODE[code])],
          `${route.method} ${route.path} documents ${code}`,
        ).toBeDefined();
      // Keyed routes name their security schemes; public ones say none is needed.
      expect(op!.security).toEqual(route.access === "public" ? [] : [{ bearer: [], account: [] }, { bearer: [] }]);
      for (const name of Object.keys(route.params?.shape ?? {}))
        expect(op!.parameters?.some((p) => p.in === "path" && p.name === name)).toBe(true);
      for (const name of Object.keys(route.query?.shape ?? {}))
        expect(op!.parameters?.some((p) => p.in === "query" && p.name === name)).toBe(true);
    }
  });

  it("describes authentication, the account header and the error shape", () => {
    expect(doc.components.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      account: { type: "apiKey", in: "header", name: "X-Account-Id" },
    });
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.components.schemas.CheckCreate).toMatchObject({ required: ["name", "url"] });
  });
});
