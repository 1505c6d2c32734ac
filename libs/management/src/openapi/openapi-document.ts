import { z } from 'zod';
import type { EndpointRegistry } from '../http/endpoint.ts';
import { zodToJsonSchema, type JsonSchema } from './zod-to-json-schema.ts';

/** Query parameters from a query schema's object shape (after any refinement wrapper). */
function queryParameters(schema: z.ZodTypeAny): JsonSchema[] {
  let inner: z.ZodTypeAny = schema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType();
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as z.ZodRawShape).map(([name, field]) => ({ name, in: 'query', required: !field.isOptional(), schema: zodToJsonSchema(field) }));
}

/** OpenAPI 3.1 for every mounted management route, from the same zod schemas that validate requests. */
export function openApiDocument(registry: EndpointRegistry): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const endpoint of registry) {
    for (const path of endpoint.paths) {
      paths[path] ??= {};
      (paths[path] as Record<string, JsonSchema>)[endpoint.method] = {
        summary: endpoint.summary,
        ...(endpoint.public ? { security: [] } : {}),
        ...(endpoint.query ? { parameters: queryParameters(endpoint.query) } : {}),
        ...(endpoint.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: zodToJsonSchema(endpoint.body) } } } }
          : {}),
        responses: { '200': { description: 'OK' }, '400': { description: 'Invalid input' }, '401': { description: 'No or bad credentials' }, '403': { description: 'Not allowed for your role' } },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Switchboard management API', version: '1' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'switchboard_session' } } },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
