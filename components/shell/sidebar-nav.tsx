"use client";

import { BarChart3, Braces, FileText, ScrollText, Search, Settings, SpellCheck, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { AREAS, type AreaSegment } from "./areas";

const ICONS: Record<AreaSegment, typeof FileText> = {
  documents: FileText,
  search: Search,
  corrections: SpellCheck,
  dashboard: BarChart3,
  members: Users,
  settings: Settings,
  audit: ScrollText,
  api: Braces,
};

export function SidebarNav({ slug }: { slug: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Workspace areas" className="flex flex-col gap-0.5 p-3">
      {AREAS.map((area) => {
        const href = `/t/${slug}/${area.segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        const Icon = ICONS[area.segment];
        return (
          <Link
            key={area.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium",
              "focus-visible:outline-2 focus-visible:outline-indigo-600",
              active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            <Icon aria-hidden className="size-4" />
            {area.label}
          </Link>
        );
      })}
    </nav>
  );
}
