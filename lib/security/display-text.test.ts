import { describe, expect, it } from "vitest";
import { fullNameSchema } from "@/lib/accounts/password-policy";
import { cleanFilename } from "@/lib/documents/receive-upload";
import { tenantNameSchema } from "@/lib/tenancy/tenants-service";
import { hasBidiControls, NO_BIDI_CONTROLS_MESSAGE } from "./display-text";

// Issue #18, finding 9: names kept right-to-left override characters.
describe("text-direction controls", () => {
  it("are found, and the marks right-to-left text needs are not", () => {
    expect(hasBidiControls("invoice\u202etxt.exe")).toBe(true);
    expect(hasBidiControls("a\u2066b\u2069")).toBe(true);
    expect(hasBidiControls("שלום \u200fעולם")).toBe(false);
    expect(hasBidiControls("Acme Research")).toBe(false);
  });

  it("are refused in workspace and person names, with what to do", () => {
    for (const schema of [tenantNameSchema, fullNameSchema]) {
      const result = schema.safeParse("Acme\u202e hcraeseR");
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(NO_BIDI_CONTROLS_MESSAGE);
      expect(schema.safeParse("מחקר Acme").success).toBe(true);
    }
  });

  it("are dropped from uploaded file names", () => {
    expect(cleanFilename("invoice\u202etxt.exe")).toBe("invoicetxt.exe");
    expect(cleanFilename("\u2067report\u2069.pdf")).toBe("report.pdf");
  });
});
