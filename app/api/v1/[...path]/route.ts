import { apiError } from "@/lib/api";

// Unknown paths under /api/v1 answer in the API's error shape, not with an HTML page.
const notFound = () => apiError("not_found", "No such endpoint. See /api/v1/openapi.json.");
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
