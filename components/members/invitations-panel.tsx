"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { inviteMember, resendInvitation, revokeInvitation } from "@/app/(console)/t/[slug]/members/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { getJson } from "@/components/ui/fetch-json";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatDateTime } from "@/components/ui/format";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import type { Role } from "@/db/schema";
import { invitationsKey, ROLE_OPTIONS, type InvitationJson } from "./api";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface IssuedLink {
  email: string;
  link: string;
  emailed: boolean;
  replacedLink: boolean;
  expiresAt: string | Date;
}

function IssuedLinkNotice({ issued }: { issued: IssuedLink }) {
  return (
    <div role="status" className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50 p-4">
      <p className="text-sm text-emerald-900">
        Invitation for <strong>{issued.email}</strong> is ready{issued.emailed ? " and was emailed" : ""}. The link works once, until{" "}
        {formatDateTime(issued.expiresAt)}. {issued.replacedLink && <>The link sent to them before no longer works. </>}
        {issued.emailed ? "You can also copy it:" : "Copy it and send it to them:"}
      </p>
      <CopyField label="Invitation link" value={issued.link} />
    </div>
  );
}

export function InvitationsPanel() {
  const { slug } = useTenant();
  const canInviteOwners = useCan("members:manage_owners");
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>("member");
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const invite = useAction(inviteMember);
  const resend = useAction(resendInvitation, { toastErrors: true });
  const revoke = useAction(revokeInvitation, { toastErrors: true });
  const invitations = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: invitationsKey(slug),
    queryFn: () => getJson<{ invitations: InvitationJson[] }>(`/api/t/${slug}/invitations`),
  });
  // Refetch whether or not the list is mounted at this instant: a CI run once showed the server
  // action's re-render leaving the list without its refetch, so a new invitation stayed hidden.
  const refresh = () => queryClient.refetchQueries({ queryKey: invitationsKey(slug), type: "all" });

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "");
    const result = await invite.run({ tenant: slug, email, role });
    if (result.ok) {
      setIssued(result.data);
      form.reset();
      await refresh();
    }
  }

  const pending = invitations.data?.invitations ?? [];

  return (
    <section aria-labelledby="invite-heading" className="space-y-4">
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite people
      </h2>
      <form onSubmit={onInvite} className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4">
        <div className="min-w-64 flex-1">
          <Field label="Email address" name="email" type="email" required placeholder="name@example.com" errors={invite.fieldErrors.email} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLE_OPTIONS.filter((o) => o.value !== "owner" || canInviteOwners).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" disabled={invite.pending}>
          {invite.pending ? "Inviting…" : "Send invitation"}
        </Button>
        <div className="basis-full">
          <FormError message={invite.formError} />
        </div>
      </form>
      {issued && <IssuedLinkNotice issued={issued} />}

      <div className="rounded-xl border border-slate-200 bg-white">
        <h3 className="border-b border-slate-200 px-4 py-2.5 text-sm font-medium text-slate-700">Pending invitations</h3>
        {invitations.isPending && <p className="px-4 py-4 text-sm text-slate-500">Loading invitations…</p>}
        {invitations.isError && <p className="px-4 py-4 text-sm text-red-700">{invitations.error.message}</p>}
        {invitations.isSuccess && pending.length === 0 && <p className="px-4 py-4 text-sm text-slate-500">No pending invitations.</p>}
        <ul className="divide-y divide-slate-100">
          {pending.map((inv) => (
            <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm" data-testid={`invitation-${inv.email}`}>
              {/* Spaces, not margins alone, between the parts: without them the three made one unbreakable run wider than a phone.
                  Right margins, so a part that wraps starts flush at the left. */}
              <span className="min-w-0 [overflow-wrap:anywhere]">
                <span className="mr-1 font-medium text-slate-900">{inv.email}</span>{" "}
                <span className="mr-2 capitalize text-slate-500">{inv.role}</span>{" "}
                <span className={`text-xs ${inv.expired ? "text-red-700" : "text-slate-500"}`}>
                  {inv.expired ? "Expired" : `Expires ${formatDateTime(inv.expiresAt)}`}
                </span>
              </span>
              <span className="flex gap-2">
                <ConfirmDialog
                  trigger={
                    <Button variant="secondary" disabled={resend.pending}>
                      Resend
                    </Button>
                  }
                  title={`Send ${inv.email} a new link?`}
                  description="The link sent before stops working at once (links are stored only as fingerprints, so the same one cannot be sent again). The new link is valid for 72 hours."
                  confirmLabel="Send new link"
                  onConfirm={async () => {
                    const result = await resend.run({ tenant: slug, invitationId: inv.id });
                    if (result.ok) {
                      setIssued(result.data);
                      await refresh();
                    }
                    return result.ok;
                  }}
                />
                <ConfirmDialog
                  trigger={<Button variant="ghost" className="text-red-700">Revoke</Button>}
                  title={`Revoke the invitation for ${inv.email}?`}
                  description="The link stops working at once. You can invite them again later."
                  confirmLabel="Revoke invitation"
                  onConfirm={async () => {
                    const result = await revoke.run({ tenant: slug, invitationId: inv.id });
                    if (result.ok) await refresh();
                    return result.ok;
                  }}
                />
              </span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
