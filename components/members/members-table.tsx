"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { changeMemberRole, removeMember } from "@/app/(console)/t/[slug]/members/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { getJson } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { useAction } from "@/components/ui/use-action";
import { useDebounced } from "@/components/ui/use-debounced";
import { membersKey, ROLE_OPTIONS, type MemberJson } from "./api";
import { MemberCard, MemberRow, type MemberSlots } from "./member-item";
import { RoleControl } from "./role-control";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

const PAGE_SIZE = 20;

export function MembersTable() {
  const { slug, role: myRole, userId: myId } = useTenant();
  const canManage = useCan("members:manage");
  const canManageOwners = useCan("members:manage_owners");
  const queryClient = useQueryClient();
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim());
  const members = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: [...membersKey(slug), q],
    queryFn: () => getJson<{ members: MemberJson[] }>(`/api/t/${slug}/members?${new URLSearchParams(q ? { q } : {})}`),
    placeholderData: (previous) => previous,
  });
  const change = useAction(changeMemberRole, { toastErrors: true });
  const remove = useAction(removeMember, { toastErrors: true });

  const rows = members.data?.members ?? [];
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const visible = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: membersKey(slug) });
    router.refresh();
  }

  // Only owners may touch the owner role; everyone else sees owners' roles read-only.
  const editable = (member: MemberJson) => canManage && (member.role !== "owner" || canManageOwners);
  const roleOptions = ROLE_OPTIONS.filter((o) => o.value !== "owner" || canManageOwners);

  // Both layouts are rendered and CSS shows one (cards below md, the table from md up), so each member's controls are defined once here.
  const slots: MemberSlots[] = visible.map((member) => ({
    member,
    isMe: member.userId === myId,
    role: editable(member) ? (
      <RoleControl
        email={member.email}
        name={member.fullName || member.email}
        role={member.role}
        options={member.role === "owner" ? ROLE_OPTIONS : roleOptions}
        onChange={async (role) => {
          const result = await change.run({ tenant: slug, userId: member.userId, role });
          if (result.ok) await refresh();
          return result.ok;
        }}
      />
    ) : (
      <span className="capitalize" data-testid="member-role">{member.role}</span>
    ),
    remove: editable(member) && member.userId !== myId && (
      <ConfirmDialog
        trigger={<Button variant="ghost" className="text-red-700">Remove</Button>}
        title={`Remove ${member.fullName || member.email}?`}
        description={`${member.email} loses access to this workspace at once. Their uploads and history stay.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          const result = await remove.run({ tenant: slug, userId: member.userId });
          if (result.ok) await refresh();
          return result.ok;
        }}
      />
    ),
  }));

  return (
    <section aria-labelledby="members-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          People {members.data && <span className="font-normal text-slate-500">({rows.length})</span>}
        </h2>
        <Input
          type="search"
          aria-label="Search members"
          placeholder="Search by name or email"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          className="max-w-xs"
        />
      </div>
      <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="hidden w-full text-left text-sm md:table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Name</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Email</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Role</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Joined</th>
              {canManage && <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {slots.map((s) => (
              <MemberRow key={s.member.userId} {...s} withActions={canManage} />
            ))}
          </tbody>
        </table>
        <ul className="divide-y divide-slate-100 md:hidden">
          {slots.map((s) => (
            <MemberCard key={s.member.userId} {...s} />
          ))}
        </ul>
        {members.isPending && (
          <div aria-hidden className="divide-y divide-slate-100">
            {Array.from({ length: 3 }, (_, i) => (
              <div key={i} className="px-4 py-3">
                <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" />
              </div>
            ))}
          </div>
        )}
        {members.isError && (
          <p className="px-4 py-6 text-center text-sm text-red-700">
            {members.error.message}{" "}
            <button className="font-medium underline" onClick={() => members.refetch()}>
              Try again
            </button>
          </p>
        )}
        {members.isSuccess && rows.length === 0 && (
          <p className="px-4 py-6 text-center text-sm text-slate-500">{q ? `No members match “${q}”.` : "This workspace has no members yet."}</p>
        )}
      </div>
      <Pagination page={page} pageCount={pageCount} total={rows.length} onPage={setPage} noun="members" />
      {myRole === "viewer" && <p className="text-sm text-slate-500">You have read-only access to this workspace.</p>}
    </section>
  );
}
