import { getArea, type AreaSegment } from "./areas";

/** What an area will hold, shown until its feature lands; deliberately no sample figures. */
export function AreaPlaceholder({ segment, tenantName }: { segment: AreaSegment; tenantName: string }) {
  const area = getArea(segment);
  return (
    <section aria-labelledby="area-title" className="max-w-3xl">
      <h1 id="area-title" className="text-2xl font-semibold tracking-tight">
        {area.label}
      </h1>
      <p className="mt-1 text-slate-600">{area.summary}</p>
      <div className="mt-6 rounded-xl border border-dashed border-slate-300 bg-white p-6">
        <p className="text-sm font-medium text-slate-800">
          This area of {tenantName} is being built. It will hold:
        </p>
        <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-slate-600">
          {area.willHold.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
