/** Before and after of an audited change, key by key, changed keys marked. */
export function AuditDiff({ details }: { details: Record<string, unknown> }) {
  const before = (details.before ?? null) as Record<string, unknown> | null;
  const after = (details.after ?? null) as Record<string, unknown> | null;
  const rest = Object.fromEntries(Object.entries(details).filter(([k]) => k !== "before" && k !== "after"));
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));
  const keys = [...new Set([...(isObject(before) ? Object.keys(before) : []), ...(isObject(after) ? Object.keys(after) : [])])];
  return (
    <div className="space-y-3 text-xs">
      {keys.length > 0 ? (
        <table className="w-full table-fixed" aria-label="Before and after">
          <thead className="text-left uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="w-40 py-1 font-medium">Field</th>
              <th scope="col" className="py-1 font-medium">Before</th>
              <th scope="col" className="py-1 font-medium">After</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {keys.map((k) => {
              const b = isObject(before) ? before[k] : undefined;
              const a = isObject(after) ? after[k] : undefined;
              const changed = JSON.stringify(b) !== JSON.stringify(a);
              return (
                <tr key={k} className={changed ? "bg-amber-50" : undefined} data-changed={changed || undefined}>
                  <td className="py-1 pr-2 font-sans text-slate-600">{k}</td>
                  <td className={`break-words py-1 pr-2 ${changed ? "text-red-800" : "text-slate-700"}`}>{show(b)}</td>
                  <td className={`break-words py-1 ${changed ? "text-emerald-800" : "text-slate-700"}`}>{show(a)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        (before !== null || after !== null) && <p className="font-mono">{show(before)} → {show(after)}</p>
      )}
      {Object.keys(rest).length > 0 && <pre className="whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-slate-700">{JSON.stringify(rest, null, 2)}</pre>}
      {keys.length === 0 && before === null && after === null && Object.keys(rest).length === 0 && <p className="text-slate-500">No details recorded.</p>}
    </div>
  );
}
