import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./fixture.ts";

let h: Harness;
let doc: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  h = await startHarness();
  doc = (await h.app.inject({ method: "GET", url: "/api/docs/json" })).json();
});
afterAll(async () => {
  await h?.close();
});

interface Schema {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

/** The places in `schema` that say nothing about their content (untyped or catch-all objects). */
function untyped(schema: Schema, at: string): string[] {
  if (schema.$ref) return [];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.flatMap((s, i) => untyped(s, `${at}|${i}`));
  if (schema.type === undefined) return [`${at}: no type`];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const found: string[] = [];
  if (types.includes("object")) {
    if (schema.additionalProperties === true) found.push(`${at}: additionalProperties true`);
    const props = Object.entries(schema.properties ?? {});
    const typedMap = typeof schema.additionalProperties === "object";
    if (props.length === 0 && !typedMap) found.push(`${at}: object without properties`);
    for (const [name, s] of props) found.push(...untyped(s, `${at}.${name}`));
    if (typedMap) found.push(...untyped(schema.additionalProperties as Schema, `${at}[*]`));
  }
  if (types.includes("array")) {
    if (!schema.items) found.push(`${at}: array without items`);
    else found.push(...untyped(schema.items, `${at}[]`));
  }
  return found;
}

const apiRoutes = () =>
  h.app.apiRoutes
    .filter((r) => r.url.startsWith("/api/") && !r.url.startsWith("/api/docs"))
    .flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method])
        .filter((m) => m !== "HEAD")
        .map((m) => ({ route: r, method: String(m).toLowerCase() })),
    );

describe("the OpenAPI document at /api/docs/json", () => {
  it("lists every API route the app registers", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    const registered = apiRoutes().map(
      ({ route, method }) => `${method} ${route.url.replace(/:(\w+)/g, "{$1}")}`,
    );
    expect(registered.length).toBeGreaterThan(20);
    for (const key of registered) expect(documented).toContain(key);
  });

  it("gives every route a request schema: its path parameters, query and body", () => {
    const missing: string[] = [];
    for (const { route, method } of apiRoutes()) {
      const schema = route.schema as Record<string, unknown> | undefined;
      const key = `${method} ${route.url}`;
      if (!schema?.params && !schema?.querystring && !schema?.body) missing.push(`${key}: none`);
      const op = doc.paths[route.url.replace(/:(\w+)/g, "{$1}")]![method]!;
      for (const name of route.url.match(/:(\w+)/g) ?? []) {
        const p = op.parameters?.find((x) => x.in === "path" && x.name === name.slice(1));
        if (!p?.schema?.type) missing.push(`${key}: path parameter ${name} undocumented`);
      }
      if (method === "post" && schema?.body) {
        const body = op.requestBody?.content["application/json"]?.schema;
        if (!body) missing.push(`${key}: body undocumented`);
        else missing.push(...untyped(body, `${key} body`));
      }
    }
    expect(missing).toEqual([]);
  });

  it("types every success response down to its fields, with no catch-all objects", () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith("/api/docs")) continue;
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses).filter(([code]) => code.startsWith("2"));
        if (ok.length === 0) problems.push(`${method} ${path}: no success response`);
        for (const [code, response] of ok) {
          const content = Object.values(response.content ?? {});
          if (content.length === 0) problems.push(`${method} ${path} ${code}: no schema`);
          for (const c of content) problems.push(...untyped(c.schema, `${method} ${path} ${code}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("documents the change-idea library's filters and two-way learning's routes (issue #17 point 6)", () => {
    const library = doc.paths["/api/change-ideas"]?.get;
    expect(library?.parameters?.filter((p) => p.in === "query").map((p) => p.name)).toEqual([
      "metric",
      "group",
      "level",
      "decision",
      "q",
      "limit",
      "offset",
    ]);
    expect(Object.keys(doc.paths["/api/plans/{planId}/learning"] ?? {}).sort()).toEqual([
      "get",
      "post",
    ]);
    expect(Object.keys(doc.paths["/api/plans/{planId}/learning/{entryId}"] ?? {}).sort()).toEqual([
      "delete",
      "put",
    ]);
  });

  it("documents facilitation: the facilitator's list, reviews, progress scores on the IHI scale, the roll-up", () => {
    for (const [path, method] of [
      ["/api/facilitation", "get"],
      ["/api/plans/{planId}/facilitator", "put"],
      ["/api/plans/{planId}/reviews", "post"],
      ["/api/plans/{planId}/reviews/{reviewId}", "put"],
      ["/api/plans/{planId}/progress-scores/{month}", "put"],
      ["/api/network/rollup", "get"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const entry = doc.paths["/api/plans/{planId}/progress-scores/{month}"]!.put!;
    const score = entry.requestBody?.content["application/json"]?.schema.properties?.score as {
      enum?: number[];
    };
    expect(score.enum).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
    const rollup =
      doc.paths["/api/network/rollup"]!.get!.responses["200"]!.content!["application/json"]!.schema;
    expect(Object.keys(rollup.properties ?? {})).toEqual([
      "quarter",
      "months",
      "teams",
      "pairs",
      "communities",
      "cycles_started",
      "cycles_completed",
      "decisions",
    ]);
  });

  it("would catch a catch-all: the checker flags additionalProperties true and bare objects", () => {
    expect(untyped({ type: "object", additionalProperties: true }, "x")).toEqual([
      "x: additionalProperties true",
      "x: object without properties",
    ]);
    expect(untyped({ type: "array", items: { type: "object" } }, "y")).toEqual([
      "y[]: object without properties",
    ]);
  });
});
