declare module "wink-bm25-text-search" {
  interface WinkBm25 {
    defineConfig(config: { fldWeights: Record<string, number>; bm25Params?: { k1?: number; b?: number; k?: number } }): boolean;
    definePrepTasks(tasks: ((input: never) => unknown)[], field?: string): number;
    addDoc(doc: Record<string, string>, id: string | number): number;
    consolidate(precision?: number): boolean;
    search(text: string, limit?: number): [string, number][];
  }
  const bm25: () => WinkBm25;
  export default bm25;
}
