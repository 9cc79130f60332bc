import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AreaPlaceholder } from "@/components/shell/area-placeholder";
import { AREAS, type AreaSegment } from "@/components/shell/areas";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

// Areas whose feature has not landed yet; each feature adds its own static route, which wins over this one.
function toArea(segment: string): AreaSegment | undefined {
  return AREAS.find((a) => a.segment === segment)?.segment;
}

export async function generateMetadata({ params }: { params: Promise<{ area: string }> }): Promise<Metadata> {
  const { area } = await params;
  return { title: AREAS.find((a) => a.segment === area)?.label ?? "Not found" };
}

export default async function AreaPage({ params }: { params: Promise<{ slug: string; area: string }> }) {
  const { slug, area } = await params;
  const segment = toArea(area);
  if (!segment) notFound();
  const { tenant } = await getCurrentTenant(slug);
  return <AreaPlaceholder segment={segment} tenantName={tenant.name} />;
}
