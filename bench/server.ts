// The production server with the bench's extra route (bench/routes.ts), for `npm run bench` only:
// bench/verify-and-serve.ts runs it with tsx instead of dist/server.mjs. It loads the built domain package
// (npm run build) like dist/server.mjs does; the route exists in this entry alone, so no production build
// carries it (docs/performance.md#the-benchmark).
import { runServer } from "@latchkey/domain/server/start";
import { apiRoutes } from "@latchkey/domain/server/http/api-routes";
import { benchRoutes } from "./routes";

runServer({ dev: false, routes: [...benchRoutes(), ...apiRoutes] });
