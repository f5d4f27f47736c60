// size-limit check "everything, zod included": size-limit leaves peer dependencies out of a
// bundle, and this check is the one that must count zod.
import { configFor } from "./esbuild-config.mjs";

export default configFor("everything.js");
