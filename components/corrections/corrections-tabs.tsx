"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const TABS = [
  { segment: "", label: "Review queue" },
  { segment: "/all", label: "Corrections" },
  { segment: "/glossary", label: "Glossary" },
  { segment: "/clean", label: "Clean a transcript" },
] as const;

export function CorrectionsTabs({ slug }: { slug: string }) {
  const pathname = usePathname();
  const base = `/t/${slug}/corrections`;
  return (
    <nav aria-label="Corrections sections" className="flex flex-wrap gap-x-1 border-b border-slate-200">
      {TABS.map((tab) => {
        const href = `${base}${tab.segment}`;
        const active = pathname === href;
        return (
          <Link
            key={tab.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
