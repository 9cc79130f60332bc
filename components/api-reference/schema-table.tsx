type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** A JSON Schema type in a few words: `string (uuid)`, `one of: a, b`, `array of string, ≤ 50`. */
export function describeType(schema: JsonSchema): string {
  if (schema.enum) return `one of: ${schema.enum.map(String).join(", ")}`;
  if (schema.anyOf) return schema.anyOf.map(describeType).filter((t) => t !== "null").join(" or ");
  if (schema.type === "array") return `array of ${schema.items ? describeType(schema.items) : "any"}${schema.maxItems ? `, ≤ ${schema.maxItems}` : ""}`;
  const base = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  const limits = [
    schema.format,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.minLength !== undefined && `${schema.minLength}–${schema.maxLength ?? "…"} chars`,
    schema.minLength === undefined && schema.maxLength !== undefined && `≤ ${schema.maxLength} chars`,
  ].filter(Boolean);
  return limits.length ? `${base} (${limits.join(", ")})` : base;
}

export interface FieldRow {
  name: string;
  where?: string;
  required: boolean;
  schema: JsonSchema;
}

export const fieldsOf = (schema: JsonSchema): FieldRow[] =>
  Object.entries(schema.properties ?? {}).map(([name, property]) => ({ name, required: schema.required?.includes(name) ?? false, schema: property }));

export function SchemaTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  if (!rows.length) return null;
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Notes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.where ?? ""}${row.name}`} className="border-t border-slate-100 align-top">
            <td className="py-1.5 pr-3 font-mono text-xs text-slate-900">
              {row.name}
              {row.required && <span className="ml-1 text-red-700" title="required">*</span>}
              {row.where && <span className="ml-1 text-slate-500">({row.where})</span>}
            </td>
            <td className="py-1.5 pr-3 text-xs text-slate-600">{describeType(row.schema)}</td>
            <td className="py-1.5 text-xs text-slate-600">
              {row.schema.description}
              {row.schema.default !== undefined && <span className="text-slate-500"> Default {JSON.stringify(row.schema.default)}.</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
