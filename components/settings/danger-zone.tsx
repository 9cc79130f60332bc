"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { forgetLastTenant } from "@/components/shell/last-tenant";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteTenant } from "@/app/(console)/t/[slug]/settings/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useAction } from "@/components/ui/use-action";

/** Deleting a workspace asks for its name to be typed, since nothing of it can be recovered. */
export function DangerZone({ name, slug }: { name: string; slug: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useAction(deleteTenant);

  return (
    <section aria-labelledby="danger-heading" className="rounded-xl border border-red-200 bg-white p-5">
      <h2 id="danger-heading" className="text-lg font-semibold text-red-800">
        Danger zone
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Deleting the workspace removes its members, documents, stored files, corrections, glossary and history for good.
      </p>
      <AlertDialog.Root open={open} onOpenChange={(next) => { setOpen(next); setTyped(""); }}>
        <AlertDialog.Trigger asChild>
          <Button variant="danger" className="mt-4">
            Delete workspace
          </Button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 rounded-xl bg-white p-6 shadow-xl">
            <AlertDialog.Title className="text-lg font-semibold">Delete {name}?</AlertDialog.Title>
            <AlertDialog.Description className="text-sm text-slate-600">
              This cannot be undone. Type <strong>{name}</strong> to confirm.
            </AlertDialog.Description>
            <Field label="Workspace name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            <FormError message={remove.error} />
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button variant="secondary">Cancel</Button>
              </AlertDialog.Cancel>
              <Button
                variant="danger"
                disabled={typed !== name || remove.pending}
                onClick={async () => {
                  const result = await remove.run({ tenant: slug, confirmName: typed });
                  if (result.ok) {
                    forgetLastTenant();
                    router.push("/");
                    router.refresh();
                  }
                }}
              >
                {remove.pending ? "Deleting…" : "Delete workspace"}
              </Button>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </section>
  );
}
