const BASE = "http://same-origin.invalid";

/**
 * `target` when it is a path on this site, else `fallback`: the one check for every redirect target
 * a client can choose (sign-in's callbackUrl, links back after an action). Browsers read `\` as `/`
 * and drop tabs and line breaks inside URLs, so `/\evil.example` and `/\t/evil.example` lead to
 * another host; both are refused, as is anything that resolves to another origin. The answer is
 * the normalised path, query and fragment.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
