import type { ReactNode } from "react";
import { formatDate } from "@/components/ui/format";
import type { MemberJson } from "./api";

/** One member's controls, made once by the list and placed by whichever layout shows. */
export interface MemberSlots {
  member: MemberJson;
  isMe: boolean;
  role: ReactNode;
  remove: ReactNode;
}

function MemberName({ member, isMe }: Pick<MemberSlots, "member" | "isMe">) {
  return (
    <>
      {member.fullName || "—"}
      {isMe && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">you</span>}
    </>
  );
}

/** A row of the members table, from the md breakpoint up. */
export function MemberRow({ member, isMe, role, remove, withActions }: MemberSlots & { withActions: boolean }) {
  return (
    <tr data-testid={`member-${member.email}`}>
      <td className="px-4 py-3 font-medium text-slate-900">
        <MemberName member={member} isMe={isMe} />
      </td>
      <td className="px-4 py-3 text-slate-600">{member.email}</td>
      <td className="px-4 py-3">{role}</td>
      <td className="px-4 py-3 text-slate-600">{formatDate(member.joinedAt)}</td>
      {withActions && <td className="px-4 py-3 text-right">{remove}</td>}
    </tr>
  );
}

/** A member as a card below the md breakpoint, where the table's columns would scroll the role and Remove off screen. */
export function MemberCard({ member, isMe, role, remove }: MemberSlots) {
  return (
    <li data-testid={`member-${member.email}`} className="space-y-3 px-4 py-3 text-sm">
      <div>
        <p className="font-medium text-slate-900">
          <MemberName member={member} isMe={isMe} />
        </p>
        <p className="text-slate-600 [overflow-wrap:anywhere]">{member.email}</p>
        <p className="text-xs text-slate-500">Joined {formatDate(member.joinedAt)}</p>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <span className="text-slate-500">Role</span>
          {role}
        </div>
        {remove}
      </div>
    </li>
  );
}
