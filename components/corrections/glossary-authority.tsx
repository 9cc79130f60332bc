/** The authority as typed: blank leaves the choice to the caller; the server checks the range. */
export function authorityFrom(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

export function AuthorityMeter({ value }: { value: number }) {
  return (
    <span className="flex items-center gap-2">
      <span className="w-9 tabular-nums text-slate-800">{value.toFixed(2)}</span>
      <span aria-hidden className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-100">
        <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
    </span>
  );
}
