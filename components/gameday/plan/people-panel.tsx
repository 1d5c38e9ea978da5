"use client";

import { useState } from "react";
import { apiCall } from "@/lib/client/api";
import { useSubmission } from "@/lib/client/use-submission";
import { fieldErrorsOf } from "@/lib/client/form";
import { GameDayAnswerSchema, type GameDayWire } from "@/lib/client/schemas";
import { AddParticipantSchema, CreateTeamSchema } from "@/lib/gameday/schemas";

/** Props of the people panel. */
export interface PeoplePanelProps {
  gameDay: GameDayWire;
  onGameDay: (gameDay: GameDayWire) => void;
}

/** Who takes part, in which team; the join code and invitations for facilitators. */
export function PeoplePanel({ gameDay, onGameDay }: PeoplePanelProps) {
  const teamName = new Map(gameDay.teams.map((team) => [team.id, team.name]));
  const canManage = gameDay.viewer.canManage;
  return (
    <section className="panel" aria-labelledby="people-title">
      <div className="panel-head">
        <h2 id="people-title">People</h2>
        <span className="muted small">
          {gameDay.participants.length} participants · {gameDay.teams.length} teams
        </span>
      </div>
      {gameDay.joinCode ? (
        <p style={{ marginTop: 0 }}>
          Trainees and observers join at <code>/join</code> with the code{" "}
          <strong className="mono" data-testid="join-code" style={{ fontSize: 18, letterSpacing: 3 }}>
            {gameDay.joinCode}
          </strong>
        </p>
      ) : null}
      <table className="table dense">
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Team</th>
          </tr>
        </thead>
        <tbody>
          {gameDay.participants.map((participant) => (
            <tr key={participant.id}>
              <td>
                {participant.name} <span className="muted small">{canManage ? participant.email : ""}</span>
              </td>
              <td>{participant.role}</td>
              <td>{participant.teamId ? teamName.get(participant.teamId) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage ? (
        <div className="split-2" style={{ marginTop: 12 }}>
          <InviteForm gameDay={gameDay} onGameDay={onGameDay} />
          <TeamForm gameDay={gameDay} onGameDay={onGameDay} />
        </div>
      ) : null}
    </section>
  );
}

function InviteForm({ gameDay, onGameDay }: PeoplePanelProps) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("trainee");
  const [team, setTeam] = useState("");
  const { pending, errors, setErrors, submit: send } = useSubmission();
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    const parsed = AddParticipantSchema.safeParse({ email, role, ...(role === "trainee" && team ? { team } : {}) });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setDone(null);
    await send(async () => {
      onGameDay((await apiCall(`/api/gamedays/${gameDay.id}/participants`, GameDayAnswerSchema, { body: parsed.data })).gameDay);
      setDone(`${parsed.data.email} invited as ${parsed.data.role}.`);
      setEmail("");
    }, "The invitation failed.");
  }

  return (
    <form
      className="stack"
      style={{ gap: 8 }}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
      aria-labelledby="invite-title"
    >
      <h3 id="invite-title">Invite someone with an account</h3>
      <div className="field">
        <label htmlFor="invite-email">Email</label>
        <input id="invite-email" type="email" value={email} onChange={(event) => setEmail(event.target.value)} aria-invalid={errors.email ? true : undefined} />
        {errors.email ? <span className="error">{errors.email}</span> : null}
      </div>
      <div className="row" style={{ gap: 8 }}>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value)}>
            <option value="trainee">trainee</option>
            <option value="observer">observer</option>
            <option value="facilitator">facilitator</option>
          </select>
        </div>
        {role === "trainee" ? (
          <div className="field grow">
            <label htmlFor="invite-team">Team</label>
            <select id="invite-team" value={team} onChange={(event) => setTeam(event.target.value)}>
              <option value="">smallest team</option>
              {gameDay.teams.map((entry) => (
                <option key={entry.id}>{entry.name}</option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {errors.form ? (
        <div className="banner error" role="alert">
          {errors.form}
        </div>
      ) : null}
      {done ? (
        <div className="banner ok" role="status">
          {done}
        </div>
      ) : null}
      <div>
        <button type="submit" className="button small" disabled={pending}>
          Invite
        </button>
      </div>
    </form>
  );
}

function TeamForm({ gameDay, onGameDay }: PeoplePanelProps) {
  const [name, setName] = useState("");
  const { pending, error, setError, submit: send } = useSubmission();

  async function submit() {
    const parsed = CreateTeamSchema.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Name the team.");
      return;
    }
    await send(async () => {
      onGameDay((await apiCall(`/api/gamedays/${gameDay.id}/teams`, GameDayAnswerSchema, { body: parsed.data })).gameDay);
      setName("");
    }, "The team could not be added.");
  }

  return (
    <form
      className="stack"
      style={{ gap: 8 }}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      noValidate
      aria-labelledby="team-title"
    >
      <h3 id="team-title">Teams</h3>
      <p className="small" style={{ margin: 0 }}>
        {gameDay.teams.map((team) => team.name).join(", ") || "No teams yet."}
      </p>
      <div className="field">
        <label htmlFor="team-name">New team</label>
        <input id="team-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Green" aria-invalid={error ? true : undefined} />
        {error ? <span className="error">{error}</span> : null}
      </div>
      <div>
        <button type="submit" className="button small" disabled={pending}>
          Add team
        </button>
      </div>
    </form>
  );
}
