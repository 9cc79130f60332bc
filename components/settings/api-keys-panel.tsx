"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { createApiKey, revokeApiKey } from "@/app/(console)/t/[slug]/settings/api-key-actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { getJson } from "@/components/ui/fetch-json";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { API_KEY_SCOPES, scopesOfRole, type ApiKeyScope } from "@/lib/api-keys/key-scopes";
import { SCOPE_LABELS } from "@/lib/auth/permissions";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  effectiveScopes: string[];
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  status: "active" | "expired" | "revoked" | "suspended";
}

const ACCESS_PRESETS = {
  viewer: { label: "Read and search", scopes: scopesOfRole("viewer") },
  member: { label: "Read, upload, search and curate corrections", scopes: scopesOfRole("member") },
  custom: { label: "Choose permissions…", scopes: [] as ApiKeyScope[] },
} as const;
type Access = keyof typeof ACCESS_PRESETS;

const EXPIRY_DAYS = { "30": "30 days", "90": "90 days", "365": "1 year", never: "Never", custom: "On a date…" } as const;
type Expiry = keyof typeof EXPIRY_DAYS;

function expiryOf(choice: Expiry, date: string): string | null {
  if (choice === "never") return null;
  if (choice === "custom") return date || null;
  return new Date(Date.now() + Number(choice) * 86_400_000).toISOString();
}

const STATUS_STYLE = { active: "bg-emerald-50 text-emerald-800", expired: "bg-amber-50 text-amber-800", revoked: "bg-slate-100 text-slate-600", suspended: "bg-red-50 text-red-800" };

export function ApiKeysPanel({ canManage }: { canManage: boolean }) {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const key = ["tenants", slug, "api-keys"];
  const keys = useQuery({ meta: ERROR_SHOWN_IN_PLACE, queryKey: key, queryFn: () => getJson<{ keys: ApiKeyRow[] }>(`/api/t/${slug}/api-keys`) });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const revoke = useAction(revokeApiKey, { toastErrors: true });
  const refresh = () => queryClient.refetchQueries({ queryKey: key, type: "all" });
  return (
    <section aria-labelledby="api-keys-heading" className="space-y-5 rounded-xl border border-slate-200 bg-white p-5">
      <div className="flex items-baseline justify-between gap-4">
        <h2 id="api-keys-heading" className="text-lg font-semibold">
          API keys
        </h2>
        <Link href={`/t/${slug}/api`} className="text-sm text-indigo-700 underline-offset-2 hover:underline">
          API reference
        </Link>
      </div>
      <p className="text-sm text-slate-600">
        Programs use a key to call the API as this workspace: <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code>. A key can do
        only what its permissions allow, and never more than the person who created it.
      </p>
      {created && (
        <div role="status" className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">
            Key “{created.name}” created. Copy it now: it is shown only this once, and only its hash is kept.
          </p>
          <CopyField label="New API key" value={created.secret} />
          <Button variant="secondary" onClick={() => setCreated(null)}>
            I have copied it
          </Button>
        </div>
      )}
      {canManage && !created && (
        <CreateKeyForm
          onCreated={async (result) => {
            setCreated(result);
            await refresh();
          }}
        />
      )}
      {keys.isPending && <p className="text-sm text-slate-500">Loading keys…</p>}
      {keys.isError && <p className="text-sm text-red-700">{keys.error.message}</p>}
      {keys.data && keys.data.keys.length === 0 && <p className="text-sm text-slate-500">No API keys yet.</p>}
      {keys.data && keys.data.keys.length > 0 && (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">Name</th>
                <th className="py-2 pr-3 font-medium">Key</th>
                <th className="py-2 pr-3 font-medium">Permissions</th>
                <th className="py-2 pr-3 font-medium">Last used</th>
                <th className="py-2 pr-3 font-medium">Expires</th>
                <th className="py-2 pr-3 font-medium">Status</th>
                {canManage && <th className="py-2 font-medium"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((row) => (
                <tr key={row.id} className="border-b border-slate-100 align-top last:border-0">
                  <td className="py-2 pr-3">
                    <div className="font-medium text-slate-900">{row.name}</div>
                    <div className="text-xs text-slate-500">
                      {formatDate(row.createdAt)}
                      {row.createdBy ? ` by ${row.createdBy}` : ""}
                    </div>
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs">{row.prefix}…</td>
                  <td className="py-2 pr-3 text-xs text-slate-600" title={row.scopes.map((s) => SCOPE_LABELS[s as ApiKeyScope] ?? s).join("\n")}>
                    {row.scopes.join(", ")}
                    {row.status === "active" && row.effectiveScopes.length < row.scopes.length && (
                      <div className="mt-1 text-amber-800" data-testid="narrowed-scopes">
                        Now only {row.effectiveScopes.join(", ")}: its creator&apos;s role no longer allows the rest.
                      </div>
                    )}
                    {row.status === "suspended" && (
                      <div className="mt-1 text-red-800">Does nothing: its creator left the workspace or their role allows none of this.</div>
                    )}
                  </td>
                  <td className="py-2 pr-3 text-xs">{row.lastUsedAt ? formatDateTime(row.lastUsedAt) : "Never"}</td>
                  <td className="py-2 pr-3 text-xs">{row.expiresAt ? formatDate(row.expiresAt) : "Never"}</td>
                  <td className="py-2 pr-3">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[row.status]}`}>{row.status}</span>
                  </td>
                  {canManage && (
                    <td className="py-2 text-right">
                      {row.status !== "revoked" && (
                        <ConfirmDialog
                          trigger={
                            <Button variant="secondary" aria-label={`Revoke ${row.name}`}>
                              Revoke
                            </Button>
                          }
                          title={`Revoke “${row.name}”?`}
                          description="Programs using this key get 401 from their next request. This cannot be undone; create a new key to restore access."
                          confirmLabel="Revoke key"
                          onConfirm={async () => {
                            const result = await revoke.run({ tenant: slug, id: row.id });
                            if (!result.ok) return false;
                            toast.success(`Revoked “${row.name}”.`);
                            await refresh();
                            return true;
                          }}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (created: { name: string; secret: string }) => Promise<void> }) {
  const { slug } = useTenant();
  const [name, setName] = useState("");
  const [access, setAccess] = useState<Access>("viewer");
  const [custom, setCustom] = useState<ApiKeyScope[]>([]);
  const [expiry, setExpiry] = useState<Expiry>("90");
  const [date, setDate] = useState("");
  const create = useAction(createApiKey);
  const scopes = access === "custom" ? custom : [...ACCESS_PRESETS[access].scopes];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create.run({ tenant: slug, name, scopes, expiresAt: expiryOf(expiry, date) });
    if (!result.ok) return;
    await onCreated({ name, secret: result.data.secret });
    setName("");
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4" aria-label="Create an API key">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Key name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} placeholder="e.g. Nightly transcript import" errors={create.fieldErrors.name} />
        <ChoiceField id="api-key-access" label="Access" value={access} onChange={setAccess} options={Object.entries(ACCESS_PRESETS).map(([value, preset]) => [value as Access, preset.label])} />
      </div>
      {access === "custom" && (
        <fieldset className="grid gap-1.5 sm:grid-cols-2">
          <legend className="mb-1 text-sm font-medium text-slate-700">Permissions</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={custom.includes(scope)}
                onChange={(e) => setCustom((now) => (e.target.checked ? [...now, scope] : now.filter((s) => s !== scope)))}
              />
              {SCOPE_LABELS[scope]} <code className="text-xs text-slate-500">{scope}</code>
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <ChoiceField id="api-key-expiry" label="Expires" value={expiry} onChange={setExpiry} options={Object.entries(EXPIRY_DAYS) as [Expiry, string][]} />
        {expiry === "custom" && <Field label="Expiry date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required errors={create.fieldErrors.expiresAt} />}
      </div>
      <FormError message={create.error} />
      <Button type="submit" disabled={create.pending || !name.trim() || scopes.length === 0}>
        {create.pending ? "Creating…" : "Create key"}
      </Button>
    </form>
  );
}

function ChoiceField<T extends string>({ id, label, value, onChange, options }: { id: string; label: string; value: T; onChange: (value: T) => void; options: [T, string][] }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} className="w-full">
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}
