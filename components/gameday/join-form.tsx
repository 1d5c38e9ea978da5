"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { fieldErrorsOf, formText } from "@/lib/client/form";
import { JoinGameDaySchema } from "@/lib/gameday/schemas";

const JoinedSchema = z.object({ gameDay: z.object({ id: z.string() }) });

export function JoinForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const team = formText(form, "team").trim();
    const parsed = JoinGameDaySchema.safeParse({ code: formText(form, "code"), ...(team ? { team } : {}) });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setPending(true);
    try {
      const { gameDay } = await apiCall("/api/gamedays/join", JoinedSchema, { body: parsed.data });
      router.push(`/gamedays/${gameDay.id}`);
    } catch (error) {
      setErrors({ form: error instanceof ApiCallError ? error.message : "Could not join." });
      setPending(false);
    }
  }

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} noValidate style={{ maxWidth: 420 }}>
      <h1>Join a game day</h1>
      <div className="field">
        <label htmlFor="code">Join code</label>
        <input id="code" name="code" autoComplete="off" maxLength={6} placeholder="ABC234" aria-invalid={errors.code ? true : undefined} style={{ textTransform: "uppercase", letterSpacing: 3 }} />
        {errors.code ? <span className="error">{errors.code}</span> : <span className="hint">Six characters, from your facilitator.</span>}
      </div>
      <div className="field">
        <label htmlFor="team">Team (optional)</label>
        <input id="team" name="team" placeholder="Blue" />
        <span className="hint">Trainees join the smallest team when they leave this empty.</span>
      </div>
      {errors.form ? (
        <div className="banner error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <div>
        <button className="button primary" type="submit" disabled={pending}>
          {pending ? "Joining…" : "Join"}
        </button>
      </div>
    </form>
  );
}
