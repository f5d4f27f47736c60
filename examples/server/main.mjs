// `npm run example:server`: starts the example host and stops it cleanly on Ctrl-C or SIGTERM.
import { startExample } from "./app.mjs";

const app = await startExample({
  dataDir: process.env.DATA_DIR ?? "./.data/example-server",
  port: Number(process.env.PORT ?? 3000),
  providerKey: process.env.PROVIDER_KEY,
  webhookToken: process.env.WEBHOOK_TOKEN,
});
console.log(`academic-credit example server on ${app.url}/api/credit/v1/ (Ctrl-C to stop)`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the worker, the server and the database`);
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
