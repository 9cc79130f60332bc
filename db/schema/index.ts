export * from "./identity";
export * from "./documents";
export * from "./search";
export * from "./corrections";
export * from "./governance";
