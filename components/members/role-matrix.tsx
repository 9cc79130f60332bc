import { Check, Minus } from "lucide-react";
import { ROLES, SCOPE_LABELS, SCOPES, can } from "@/lib/auth/permissions";

/** The permission matrix in plain words: what each role can do. */
export function RoleMatrix() {
  return (
    <section aria-labelledby="roles-heading" className="space-y-3">
      <div>
        <h2 id="roles-heading" className="text-lg font-semibold">
          What each role can do
        </h2>
        <p className="text-sm text-slate-600">
          Only owners grant or remove the owner role, and a workspace always keeps at least one owner.
        </p>
      </div>
      {/* Focusable, so the keyboard can scroll it sideways on a narrow screen. */}
      <div tabIndex={0} role="region" aria-label="Permissions by role" className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-indigo-600">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5 text-left font-medium">Permission</th>
              {ROLES.map((role) => (
                <th key={role} scope="col" className="px-4 py-2.5 text-center font-medium capitalize">
                  {role}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {SCOPES.map((scope) => (
              <tr key={scope}>
                <th scope="row" className="px-4 py-2 text-left font-normal text-slate-700">
                  {SCOPE_LABELS[scope]}
                </th>
                {ROLES.map((role) => (
                  <td key={role} className="px-4 py-2 text-center">
                    {can(role, scope) ? (
                      <Check role="img" aria-label="allowed" className="mx-auto size-4 text-emerald-600" />
                    ) : (
                      <Minus role="img" aria-label="not allowed" className="mx-auto size-4 text-slate-500" />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
