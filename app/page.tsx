import { redirect } from "next/navigation";
import { getSession } from "@/app/_server/session";

export default async function Home() {
  redirect((await getSession()) ? "/settings/user" : "/login");
}
