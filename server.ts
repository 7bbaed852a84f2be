// The server's entry (npm start runs it through dist/server.mjs; npm run dev with --dev): the front door,
// then the API router or Next, on one port — lib/server/start.ts. `npm run build` bundles it with lib/ and
// db/ into the domain package that Next loads too, so the process holds one instance of every domain
// module (scripts/build-server.mjs); `npm run dev` does the same in watch mode and restarts it
// (scripts/dev.mjs). Only the public API's routes: the bench's extra routes live in bench/server.ts.
import { runServer } from "@/lib/server/start";

runServer({ dev: process.argv.includes("--dev") });
