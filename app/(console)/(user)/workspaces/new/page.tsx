import type { Metadata } from "next";
import { CreateWorkspaceForm } from "@/components/settings/create-workspace-form";
import { requireUser } from "@/lib/auth/session";
import { readEnv } from "@/lib/env";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const user = await requireUser();
  const allowed = readEnv().ALLOW_TENANT_CREATE || user.isSuperuser;
  return (
    <div className="mx-auto max-w-lg space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Create a workspace</h1>
        <p className="mt-1 text-slate-600">You become its owner and can invite others once it exists.</p>
      </header>
      {allowed ? (
        <CreateWorkspaceForm />
      ) : (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          Creating workspaces is turned off here. Ask a superuser to create one for you.
        </p>
      )}
    </div>
  );
}
