"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { ALL_ROLES, type Role } from "@/lib/auth/roles";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { fieldErrorsOf } from "@/lib/client/form";
import { CreateUserSchema } from "@/lib/users/schemas";

/** A user as the page shows it. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  locked: boolean;
}

const OneSchema = z.object({ user: z.object({ id: z.string() }) });

export function UsersPanel({ selfId, users }: { selfId: string; users: UserRow[] }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = CreateUserSchema.safeParse(Object.fromEntries(data));
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    try {
      await apiCall("/api/users", OneSchema, { body: parsed.data });
      setErrors({});
      form.reset();
      router.refresh();
    } catch (caught) {
      setErrors(caught instanceof ApiCallError ? { form: caught.message, ...caught.fieldErrors } : { form: "Could not create the user." });
    }
  }

  async function update(id: string, change: { role?: string; disabled?: boolean }) {
    try {
      await apiCall(`/api/users/${id}`, OneSchema, { method: "PATCH", body: change });
      router.refresh();
    } catch (caught) {
      setErrors({ form: caught instanceof ApiCallError ? caught.message : "Could not update the user." });
    }
  }

  return (
    <div className="stack">
      <form className="card stack" onSubmit={(event) => void create(event)} noValidate>
        <h2>New user</h2>
        <div className="row">
          {(["email", "name", "password"] as const).map((field) => (
            <div className="field" key={field}>
              <label htmlFor={`user-${field}`}>{field === "password" ? "Initial password (12+ characters)" : field[0]?.toUpperCase() + field.slice(1)}</label>
              <input id={`user-${field}`} name={field} type={field === "password" ? "password" : field === "email" ? "email" : "text"} aria-invalid={errors[field] ? true : undefined} />
              {errors[field] ? <span className="error">{errors[field]}</span> : null}
            </div>
          ))}
          <div className="field">
            <label htmlFor="user-role">Role</label>
            <select id="user-role" name="role" defaultValue="trainee">
              {ALL_ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div>
          <button className="button primary" type="submit">
            Create user
          </button>
        </div>
      </form>
      {errors.form ? (
        <div className="banner error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <section className="card">
        <h2>Users</h2>
        {users.length === 0 ? (
          <p className="empty">No users.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${user.email}`}
                      value={user.role}
                      disabled={user.id === selfId}
                      onChange={(event) => void update(user.id, { role: event.target.value })}
                    >
                      {ALL_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {user.disabled ? <span className="badge bad">disabled</span> : user.locked ? <span className="badge warn">locked</span> : <span className="badge ok">active</span>}
                  </td>
                  <td>
                    {user.id === selfId ? null : (
                      <button className="button small" type="button" onClick={() => void update(user.id, { disabled: !user.disabled })}>
                        {user.disabled ? "Enable" : "Disable"}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
