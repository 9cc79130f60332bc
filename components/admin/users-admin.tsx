"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { issuePasswordReset, setSuperuser, setUserActive } from "@/app/(console)/(user)/admin/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { getJson } from "@/components/ui/fetch-json";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { useAction } from "@/components/ui/use-action";
import { useDebounced } from "@/components/ui/use-debounced";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface UserRow {
  id: string;
  email: string;
  fullName: string;
  isActive: boolean;
  isSuperuser: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  workspaces: number;
}

const PAGE_SIZE = 25;

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [resetLink, setResetLink] = useState<{ email: string; link: string; expiresAt: string | Date } | null>(null);
  const q = useDebounced(search.trim());
  const users = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: ["admin", "users", q, page],
    queryFn: () => getJson<{ users: UserRow[]; total: number }>(`/api/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page), pageSize: String(PAGE_SIZE) })}`),
    placeholderData: keepPreviousData,
  });
  const activate = useAction(setUserActive, { toastErrors: true });
  const superuser = useAction(setSuperuser, { toastErrors: true });
  const reset = useAction(issuePasswordReset, { toastErrors: true });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["admin"] });
  const total = users.data?.total ?? 0;

  return (
    <section aria-labelledby="users-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users {users.data && <span className="font-normal text-slate-500">({total})</span>}
        </h2>
        <Input
          type="search"
          aria-label="Search users"
          placeholder="Search by name or email"
          className="max-w-xs"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
        />
      </div>
      {resetLink && (
        <div role="status" className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
          <p>
            One-time reset link for <strong>{resetLink.email}</strong>, valid until {formatDateTime(resetLink.expiresAt)}. Send it to them directly.
          </p>
          <CopyField label="Password reset link" value={resetLink.link} />
        </div>
      )}
      <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">User</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">Workspaces</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Last sign-in</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Joined</th>
              <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.isPending && (
              <tr>
                <td colSpan={6} className="px-4 py-4 text-slate-500">Loading users…</td>
              </tr>
            )}
            {users.isError && (
              <tr>
                <td colSpan={6} className="px-4 py-4 text-red-700">{users.error.message}</td>
              </tr>
            )}
            {users.isSuccess && users.data.users.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-4 text-slate-500">{q ? `No users match “${q}”.` : "No users yet."}</td>
              </tr>
            )}
            {users.data?.users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td className="px-4 py-2.5">
                  <span className="block font-medium text-slate-900">{u.fullName || "—"}</span>
                  <span className="block text-xs text-slate-500">{u.email}</span>
                </td>
                <td className="px-4 py-2.5">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${u.isActive ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>
                    {u.isActive ? "Active" : "Deactivated"}
                  </span>
                  {u.isSuperuser && <span className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Superuser</span>}
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums">{u.workspaces}</td>
                <td className="px-4 py-2.5 text-slate-600">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "Never"}</td>
                <td className="px-4 py-2.5 text-slate-600">{formatDate(u.createdAt)}</td>
                <td className="px-4 py-2.5">
                  <span className="flex justify-end gap-1.5">
                    <Button
                      variant="ghost"
                      disabled={reset.pending}
                      onClick={async () => {
                        const result = await reset.run({ userId: u.id });
                        if (result.ok) setResetLink({ email: u.email, ...result.data });
                      }}
                    >
                      Reset link
                    </Button>
                    {u.id !== currentUserId && (
                      <ConfirmDialog
                        trigger={<Button variant="ghost">{u.isSuperuser ? "Revoke superuser" : "Make superuser"}</Button>}
                        title={u.isSuperuser ? `Revoke superuser from ${u.email}?` : `Make ${u.email} a superuser?`}
                        description={u.isSuperuser ? "They keep their workspace memberships but lose access to this page and to other workspaces." : "Superusers see this page and can act in every workspace as an owner."}
                        confirmLabel={u.isSuperuser ? "Revoke" : "Make superuser"}
                        onConfirm={async () => {
                          const result = await superuser.run({ userId: u.id, value: !u.isSuperuser });
                          if (result.ok) await refresh();
                          return result.ok;
                        }}
                      />
                    )}
                    {u.id !== currentUserId && (
                      <ConfirmDialog
                        trigger={<Button variant="ghost" className={u.isActive ? "text-red-700" : undefined}>{u.isActive ? "Deactivate" : "Reactivate"}</Button>}
                        title={u.isActive ? `Deactivate ${u.email}?` : `Reactivate ${u.email}?`}
                        description={u.isActive ? "They are signed out on their next request and cannot sign in until reactivated. Nothing of theirs is deleted." : "They can sign in again with their password."}
                        confirmLabel={u.isActive ? "Deactivate" : "Reactivate"}
                        onConfirm={async () => {
                          const result = await activate.run({ userId: u.id, active: !u.isActive });
                          if (result.ok) await refresh();
                          return result.ok;
                        }}
                      />
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} onPage={setPage} noun="users" />
    </section>
  );
}
