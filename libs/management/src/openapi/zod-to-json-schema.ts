import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

function stringSchema(def: z.ZodStringDef): JsonSchema {
  const schema: JsonSchema = { type: 'string' };
  for (const check of def.checks) {
    if (check.kind === 'min') schema.minLength = check.value;
    else if (check.kind === 'max') schema.maxLength = check.value;
    else if (check.kind === 'email') schema.format = 'email';
    else if (check.kind === 'regex') schema.pattern = check.regex.source;
  }
  return schema;
}

function numberSchema(def: z.ZodNumberDef): JsonSchema {
  const schema: JsonSchema = { type: def.checks.some((check) => check.kind === 'int') ? 'integer' : 'number' };
  for (const check of def.checks) {
    if (check.kind === 'min') schema[check.inclusive ? 'minimum' : 'exclusiveMinimum'] = check.value;
    else if (check.kind === 'max') schema[check.inclusive ? 'maximum' : 'exclusiveMaximum'] = check.value;
  }
  return schema;
}

function objectSchema(schema: z.ZodObject<z.ZodRawShape>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    properties[name] = zodToJsonSchema(field);
    if (!field.isOptional()) required.push(name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    // `.strict()` objects refuse unknown fields: the schema says so.
    additionalProperties: schema._def.unknownKeys === 'strict' ? false : true,
  };
}

/**
 * The zod types the management schemas use, as JSON Schema (OpenAPI 3.1 dialect). Refinements and
 * transforms document their input side; an unsupported type fails loudly so a new schema cannot slip
 * into the document as `{}` unnoticed.
 */
export function zodToJsonSchema(schema: z.ZodTypeAny): JsonSchema {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind } & Record<string, unknown>;
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString:
      return stringSchema(schema._def as z.ZodStringDef);
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return numberSchema(schema._def as z.ZodNumberDef);
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return { type: 'boolean' };
    case z.ZodFirstPartyTypeKind.ZodUnknown:
    case z.ZodFirstPartyTypeKind.ZodAny:
      return {};
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return { const: (schema as z.ZodLiteral<unknown>).value };
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return { type: 'string', enum: [...(schema as z.ZodEnum<[string, ...string[]]>).options] };
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const array = schema as z.ZodArray<z.ZodTypeAny>;
      const { minLength, maxLength } = array._def;
      return { type: 'array', items: zodToJsonSchema(array.element), ...(minLength ? { minItems: minLength.value } : {}), ...(maxLength ? { maxItems: maxLength.value } : {}) };
    }
    case z.ZodFirstPartyTypeKind.ZodObject:
      return objectSchema(schema as z.ZodObject<z.ZodRawShape>);
    case z.ZodFirstPartyTypeKind.ZodRecord:
      return { type: 'object', additionalProperties: zodToJsonSchema((schema as z.ZodRecord).valueSchema) };
    case z.ZodFirstPartyTypeKind.ZodUnion:
      return { anyOf: (schema as z.ZodUnion<[z.ZodTypeAny, ...z.ZodTypeAny[]]>).options.map(zodToJsonSchema) };
    case z.ZodFirstPartyTypeKind.ZodOptional:
      return zodToJsonSchema((schema as z.ZodOptional<z.ZodTypeAny>).unwrap());
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return { anyOf: [zodToJsonSchema((schema as z.ZodNullable<z.ZodTypeAny>).unwrap()), { type: 'null' }] };
    case z.ZodFirstPartyTypeKind.ZodDefault: {
      const inner = (schema as z.ZodDefault<z.ZodTypeAny>)._def;
      return { ...zodToJsonSchema(inner.innerType), default: inner.defaultValue() };
    }
    case z.ZodFirstPartyTypeKind.ZodEffects:
      return zodToJsonSchema((schema as z.ZodEffects<z.ZodTypeAny>).innerType());
    case z.ZodFirstPartyTypeKind.ZodPipeline:
      return zodToJsonSchema((schema as z.ZodPipeline<z.ZodTypeAny, z.ZodTypeAny>)._def.in);
    default:
      throw new Error(`zodToJsonSchema: ${String(def.typeName)} is not supported; add it here`);
  }
}
