/** A small OpenAPI 3.1 generator over ./schemas.ts ROUTES, using zod 4's z.toJSONSchema. */
import { z } from 'zod';
import { ROUTES, type RouteDoc } from './schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(t: z.ZodType): Json {
  const s = z.toJSONSchema(t, { unrepresentable: 'any', io: 'input' }) as Json;
  delete s.$schema;
  return s;
}

function params(obj: z.ZodObject | undefined, where: 'header' | 'query' | 'path'): Json[] {
  if (!obj) return [];
  const js = schemaOf(obj) as { properties?: Record<string, Json> };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: true,
    description: (s.description as string | undefined) ?? undefined,
    schema: { ...s, description: undefined },
  }));
}

function operation(r: RouteDoc): Json {
  const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const op: Json = {
    summary: r.summary,
    tags: [r.simulatorOnly ? 'simulator-only' : 'portal'],
    parameters: [...pathParams, ...params(r.headers, 'header'), ...params(r.query, 'query')],
    responses: {
      '200': {
        description: r.summary,
        content: { [r.responseType ?? 'application/json']: { schema: schemaOf(r.response) } },
      },
      ...(r.headers || r.query ? { '401': { description: 'Token sai hoặc hết hạn (thân rỗng, mặc định)' } } : {}),
    },
  };
  if (r.simulatorOnly) op['x-sskdt-simulator-only'] = true;
  if (r.notes) op.description = r.notes;
  if (r.body) {
    const s = schemaOf(r.body);
    const content: Json = {};
    for (const enc of r.bodyEncodings ?? ['json']) content[enc === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'] = { schema: s };
    op.requestBody = { required: true, content, description: 'Tên khóa không phân biệt hoa/thường; khóa lạ bị bỏ qua.' };
  }
  return op;
}

export function buildOpenApi(version = '0.1.0'): Json {
  const paths: Record<string, Json> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'sskdt-lab — mô phỏng Cổng tiếp nhận dữ liệu giám định BHYT',
      version,
      description:
        'Simulator of the BHXH inspection portal API. Paths, encodings and answer shapes mirror the real portal as far as public sources show (docs/portal-api.md); every guess is a setting (docs/portal-differences.md). Operations tagged simulator-only do not exist on the real portal.',
    },
    tags: [
      { name: 'portal', description: 'Same path and shape as the real portal' },
      { name: 'simulator-only', description: 'NOT part of the real portal' },
    ],
    paths,
  };
}
