-- A run's own recovery now has its own timeline kind, so blind mode can withhold it by kind
-- (it tells when a fault stopped hurting) while game-day-wide steady-state verdicts stay.
-- The timeline is append-only; this one-off renaming of a kind word lifts the guard for
-- the length of the statement only, inside the migration's transaction.
ALTER TABLE "TimelineEvent" DISABLE TRIGGER "TimelineEvent_append_only";
UPDATE "TimelineEvent" SET "kind" = 'run.recovered' WHERE "kind" = 'steady-state.regained' AND "runId" IS NOT NULL;
ALTER TABLE "TimelineEvent" ENABLE TRIGGER "TimelineEvent_append_only";
