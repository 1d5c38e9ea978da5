import type { ReactNode } from "react";
import { ConsoleHeader } from "@/components/shell/console-header";
import { requirePagePrincipal } from "@/lib/auth/current-user";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await requirePagePrincipal();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <ConsoleHeader principal={principal} />
      <main id="main" className="shell-main">
        {children}
      </main>
    </>
  );
}
