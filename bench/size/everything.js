export * from "../../dist/index.js";
export * from "../../dist/adapters/memory.js";
