import { json } from "@/lib/api";
import { openApiDocument } from "@/lib/openapi";

export function GET() {
  return json(openApiDocument(process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? 3000}`));
}
