import Link from "next/link";
import { Fragment } from "react";

/** Where a page sits: links to the pages above it, then its own name (not a link). */
export function Breadcrumb({ trail, current }: { trail: { href: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm wrap-anywhere">
      {trail.map((step) => (
        <Fragment key={step.href}>
          <Link href={step.href} className="text-indigo-700 underline underline-offset-2 hover:decoration-2">
            {step.label}
          </Link>
          <span aria-hidden className="text-slate-500"> / </span>
        </Fragment>
      ))}
      <span className="text-slate-600">{current}</span>
    </nav>
  );
}
