import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIpFrom } from "@/lib/api/request-context";
import { toAppError } from "@/lib/errors";
import { signInWithPassword } from "./sign-in";

const TWELVE_HOURS = 12 * 60 * 60;

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string | undefined {
  const forwarded = headers?.["x-forwarded-for"];
  return clientIpFrom(Array.isArray(forwarded) ? forwarded[0] : forwarded);
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: TWELVE_HOURS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await signInWithPassword(credentials, clientIp(req?.headers));
          return user ? { id: user.id, email: user.email, name: user.name, isSuperuser: user.isSuperuser } : null;
        } catch (error) {
          // next-auth hands a thrown message to the sign-in form: only user-safe text may pass.
          throw new Error(toAppError(error, { during: "sign-in" }).message);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.su = user.isSuperuser;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        isSuperuser: Boolean(token.su),
      };
      return session;
    },
  },
};
