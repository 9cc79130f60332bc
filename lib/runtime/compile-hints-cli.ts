import { addCompileHints, browserChunksDir } from "./compile-hints";

// `npm run build`'s last step (npm start does the same after the build it makes).
addCompileHints(browserChunksDir(process.cwd())).then(
  ({ marked, scripts }) => console.log(`Compile hints: ${marked} of ${scripts} browser scripts marked.`),
  (error: unknown) => {
    console.error("Adding compile hints failed:", error);
    process.exit(1);
  },
);
