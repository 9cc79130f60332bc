"use client";

import { BarChart3, Braces, FileText, ScrollText, Search, Settings, Shield, SpellCheck, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import type { Role } from "@/db/schema";
import { areasFor, type AreaSegment } from "@/lib/auth/areas";

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

const LINK = "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600";

/**
 * The areas `role` may open (each page answers 404 to the others), and for a superuser the
 * console's Administration below them.
 */
export function SidebarNav({ slug, role, isSuperuser = false }: { slug: string; role: Role; isSuperuser?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Workspace areas" className="flex flex-col gap-0.5 p-3">
      {areasFor(role).map((area) => {
        const href = `/t/${slug}/${area.segment}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        const Icon = ICONS[area.segment];
        return (
          <Link
            key={area.segment}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(LINK, active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100")}
          >
            <Icon aria-hidden className="size-4" />
            {area.label}
          </Link>
        );
      })}
      {isSuperuser && (
        <Link href="/admin" className={cn(LINK, "mt-2 border-t border-slate-200 pt-3 text-slate-700 hover:bg-slate-100")}>
          <Shield aria-hidden className="size-4" />
          Administration
        </Link>
      )}
    </nav>
  );
}
