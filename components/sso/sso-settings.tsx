"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { addSsoRule, removeSsoRule, setSsoRequired } from "@/app/(console)/t/[slug]/settings/sso-actions";
import { useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import type { SsoRuleKind } from "@/db/schema";
import type { SignInMethod } from "@/lib/sso/claims";
import type { SsoRuleView, SsoSettingsView } from "@/lib/sso/sso-rules-service";

const KIND_LABEL: Record<SsoRuleKind, string> = { email_domain: "Email domain", group: "Group" };
const ROLES = ["viewer", "member", "admin"] as const;

const describe = (rule: Pick<SsoRuleView, "kind" | "value">) => (rule.kind === "email_domain" ? `the domain ${rule.value}` : `the group ${rule.value}`);

/**
 * Owners' single sign-on settings: the rules that give people signing in through the identity
 * provider a membership here, and "Require single sign-on". Without a configured provider it says
 * so, and rules can still be prepared.
 */
export function SsoSettings({ initial, signedInWith }: { initial: SsoSettingsView; signedInWith: SignInMethod | undefined }) {
  const { slug } = useTenant();
  const [rules, setRules] = useState(initial.rules);
  const [requireSso, setRequire] = useState(initial.requireSso);
  const [draft, setDraft] = useState<{ kind: SsoRuleKind; value: string; role: (typeof ROLES)[number] }>({ kind: "email_domain", value: "", role: "member" });
  const add = useAction(addSsoRule);
  const remove = useAction(removeSsoRule, { toastErrors: true });
  const requirement = useAction(setSsoRequired);

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const result = await add.run({ tenant: slug, ...draft });
    if (!result.ok) return;
    setRules([...rules, result.data]);
    setDraft({ ...draft, value: "" });
    toast.success(`Added a rule for ${describe(result.data)}.`);
  }

  async function onRequire(required: boolean) {
    const result = await requirement.run({ tenant: slug, required });
    if (!result.ok) return;
    setRequire(result.data.requireSso);
    toast.success(result.data.requireSso ? "Single sign-on is now required for this workspace." : "Members may sign in with a password again.");
  }

  return (
    <section aria-labelledby="sso-heading" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="sso-heading" className="text-lg font-semibold">
        Single sign-on
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {initial.configured
          ? `People who sign in with ${initial.providerName} get a membership here when a rule below matches their verified email's domain or one of their groups. A rule adds a missing membership; it never changes an existing one.`
          : "Single sign-on is not configured on this console (OIDC_ISSUER). You can prepare rules; they apply once it is."}
      </p>

      <div className="mt-4 space-y-2">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 h-4 w-4 rounded border-slate-300"
            checked={requireSso}
            // Without a provider nobody could satisfy it: it can only be turned off then.
            disabled={requirement.pending || (!requireSso && !initial.configured)}
            onChange={(e) => void onRequire(e.target.checked)}
            aria-describedby="require-sso-hint"
          />
          <span className="font-medium text-slate-800">Require single sign-on</span>
        </label>
        <p id="require-sso-hint" className="text-xs text-slate-500">
          Members who signed in with a password cannot open this workspace until they sign in with single sign-on. Superusers are
          never held to it.
          {!requireSso && signedInWith !== "sso" && initial.configured && ` To turn it on, sign in with ${initial.providerName} first.`}
          {!requireSso && !initial.configured && " It can be turned on once single sign-on is configured."}
        </p>
        <FormError message={requirement.error} />
      </div>

      <h3 className="mt-6 text-sm font-semibold text-slate-800">Rules</h3>
      {rules.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No rules yet: single sign-on adds nobody to this workspace.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Single sign-on rules">
          {rules.map((rule) => (
            <li key={rule.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0 break-words">
                <span className="text-slate-500">{KIND_LABEL[rule.kind]}</span> <span className="font-medium text-slate-900">{rule.value}</span>{" "}
                <span className="text-slate-500">→</span> <span className="font-medium">{rule.role}</span>
              </span>
              <ConfirmDialog
                trigger={
                  <Button variant="secondary" aria-label={`Remove the rule for ${describe(rule)}`}>
                    Remove
                  </Button>
                }
                title="Remove this rule?"
                description={`People matching ${describe(rule)} no longer get a membership at sign-in. Memberships it already gave stay; remove them on the Members page.`}
                confirmLabel="Remove rule"
                onConfirm={async () => {
                  const result = await remove.run({ tenant: slug, id: rule.id });
                  if (!result.ok) return false;
                  setRules((current) => current.filter((r) => r.id !== rule.id));
                  toast.success(`Removed the rule for ${describe(rule)}.`);
                  return true;
                }}
              />
            </li>
          ))}
        </ul>
      )}

      <form onSubmit={onAdd} className="mt-4 grid gap-3 sm:grid-cols-[auto_1fr_auto_auto] sm:items-end" aria-label="Add a single sign-on rule">
        <div className="space-y-1.5">
          <label htmlFor="sso-rule-kind" className="block text-sm font-medium text-slate-700">
            Match
          </label>
          <Select id="sso-rule-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as SsoRuleKind })}>
            <option value="email_domain">Email domain</option>
            <option value="group">Group</option>
          </Select>
        </div>
        <Field
          label={draft.kind === "email_domain" ? "Domain" : "Group name"}
          placeholder={draft.kind === "email_domain" ? "example.com" : "knowledge-team"}
          value={draft.value}
          onChange={(e) => {
            setDraft({ ...draft, value: e.target.value });
            add.clearFieldError("value");
          }}
          errors={add.fieldErrors.value}
          required
        />
        <div className="space-y-1.5">
          <label htmlFor="sso-rule-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <Select id="sso-rule-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as (typeof ROLES)[number] })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" disabled={add.pending}>
          {add.pending ? "Adding…" : "Add rule"}
        </Button>
      </form>
      <div className="mt-2">
        <FormError message={add.formError} />
      </div>
    </section>
  );
}
