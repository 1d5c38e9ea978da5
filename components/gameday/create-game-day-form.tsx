"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { fieldErrorsOf, formText } from "@/lib/client/form";
import { CreateGameDaySchema } from "@/lib/gameday/schemas";

const CreatedSchema = z.object({ gameDay: z.object({ id: z.string() }) });

export function CreateGameDayForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scheduled = formText(form, "scheduledFor");
    const candidate = {
      title: formText(form, "title"),
      description: formText(form, "description"),
      environment: formText(form, "environment") || "local",
      blindMode: form.get("blindMode") === "on",
      scheduledFor: scheduled ? new Date(scheduled).toISOString() : undefined,
      teams: formText(form, "teams")
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    };
    const parsed = CreateGameDaySchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const { gameDay } = await apiCall("/api/gamedays", CreatedSchema, { body: parsed.data });
      router.push(`/gamedays/${gameDay.id}`);
    } catch (error) {
      setErrors(error instanceof ApiCallError ? { form: error.message, ...error.fieldErrors } : { form: "Could not create the game day." });
      setPending(false);
    }
  }

  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  const message = (name: string) =>
    errors[name] ? (
      <span className="error" id={`${name}-error`}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <form className="card stack" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="create-title">
      <h2 id="create-title">Plan a game day</h2>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" name="title" required maxLength={120} placeholder="Checkout outage rehearsal" {...invalid("title")} />
        {message("title")}
      </div>
      <div className="field">
        <label htmlFor="description">Goal and steady state</label>
        <textarea id="description" name="description" rows={3} maxLength={4000} placeholder="What we want to learn, and what 'healthy' means" />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="environment">Environment</label>
          <select id="environment" name="environment" defaultValue="local" {...invalid("environment")}>
            <option value="local">Local lab</option>
            <option value="aws">AWS</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="scheduledFor">Scheduled for (optional)</label>
          <input id="scheduledFor" name="scheduledFor" type="datetime-local" {...invalid("scheduledFor")} />
          {message("scheduledFor")}
        </div>
      </div>
      <div className="field">
        <label htmlFor="teams">Teams (comma-separated)</label>
        <input id="teams" name="teams" placeholder="Blue, Red" {...invalid("teams")} />
        {message("teams")}
      </div>
      <label className="row">
        <input type="checkbox" name="blindMode" /> Blind mode: trainees do not see which scenario runs
      </label>
      {errors.form ? (
        <div className="banner error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <div>
        <button className="button primary" type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create game day"}
        </button>
      </div>
    </form>
  );
}
