import { Shield } from "lucide-react";
import Link from "next/link";
import type { Role } from "@/db/schema";

/**
 * Says, on every page of a workspace, that the superuser's access there is theirs as a superuser and
 * not as a member: everything they do is done in someone else's workspace, as its owner.
 */
export function SuperuserBanner({ workspace, ownRole }: { workspace: string; ownRole: Role | null }) {
  return (
    <section aria-label="Superuser access" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950 sm:px-8">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Shield aria-hidden className="size-4 shrink-0 text-amber-700" />
        <p className="min-w-0 flex-1">
          <strong className="font-semibold">Acting as superuser in {workspace}</strong>
          {/* On a phone the headline and the way back are enough: the banner stays one or two lines. */}
          <span className="hidden text-amber-900 sm:inline">
            {ownRole ? ` — with an owner's rights; your own role here is ${ownRole}.` : " — you are not a member; you have an owner's rights here."}
          </span>
        </p>
        <Link href="/admin" className="font-medium text-amber-950 underline underline-offset-2 hover:text-amber-800 focus-visible:outline-2 focus-visible:outline-amber-700">
          Back to Administration
        </Link>
      </div>
    </section>
  );
}
