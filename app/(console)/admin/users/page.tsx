import { UsersPanel } from "@/components/admin/users-panel";
import { requirePagePrincipal } from "@/lib/auth/current-user";
import { listUsers } from "@/lib/users/list-users";

export default async function UsersPage() {
  const principal = await requirePagePrincipal(["admin"], "/admin/users");
  const now = new Date();
  const users = await listUsers();
  return (
    <div className="stack">
      <h1>Users</h1>
      <UsersPanel
        selfId={principal.userId}
        users={users.map((user) => ({ id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled, locked: user.lockedUntil !== null && user.lockedUntil > now }))}
      />
    </div>
  );
}
