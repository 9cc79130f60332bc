import type { ReactNode } from "react";

/** A titled chart panel with an empty state and optional controls (e.g. which series to show), sized for a grid from laptop to wide screens. */
export function ChartCard({ title, description, empty, children, className, controls }: { title: string; description?: string; empty?: boolean; children: ReactNode; className?: string; controls?: ReactNode }) {
  return (
    <figure className={`flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white p-4 ${className ?? ""}`}>
      <figcaption className="mb-3">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        {description && <p className="text-xs text-slate-500">{description}</p>}
      </figcaption>
      {!empty && controls && <div className="mb-2">{controls}</div>}
      {empty ? <p className="flex h-56 items-center justify-center text-sm text-slate-500">No data in this range.</p> : <div className="h-56 min-w-0">{children}</div>}
    </figure>
  );
}
