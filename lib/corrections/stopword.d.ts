// The package ships no types; we use only its per-language word lists (ISO 639-3 names).
declare module "stopword" {
  const lists: Record<string, readonly string[] | undefined>;
  export = lists;
}
