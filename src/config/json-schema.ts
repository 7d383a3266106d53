import { z } from 'zod';

/** The JSON Schema of a dcctl file kind (for the YAML language server), as `dcctl schema --kind` prints it. */
export function fileJsonSchema(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  return { $id: `https://dcctl.dev/schema/${id}-v1.json`, title, ...z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) };
}
