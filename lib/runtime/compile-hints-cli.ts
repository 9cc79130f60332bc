import { addCompileHints, browserChunksDir } from "./compile-hints";

// `npm run build`'s last step (npm start does the same after the build it makes).
const { marked, scripts } = await addCompileHints(browserChunksDir(process.cwd()));
console.log(`Compile hints: ${marked} of ${scripts} browser scripts marked.`);
