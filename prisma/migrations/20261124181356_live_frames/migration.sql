-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "labEventId" TEXT;

-- CreateTable
CREATE TABLE "LiveFrame" (
    "id" BIGSERIAL NOT NULL,
    "gameDayId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSONB NOT NULL,

    CONSTRAINT "LiveFrame_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiveFrame_gameDayId_id_idx" ON "LiveFrame"("gameDayId", "id");

-- CreateIndex
CREATE INDEX "LiveFrame_at_idx" ON "LiveFrame"("at");

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEvent_gameDayId_labEventId_key" ON "TimelineEvent"("gameDayId", "labEventId");

-- AddForeignKey
ALTER TABLE "LiveFrame" ADD CONSTRAINT "LiveFrame_gameDayId_fkey" FOREIGN KEY ("gameDayId") REFERENCES "GameDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Live fan-out of poller frames, like the timeline's: "<gameDayId>:<id>" on "gameday_live".
CREATE FUNCTION "notify_live_frame"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gameday_live', NEW."gameDayId" || ':' || NEW."id");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "LiveFrame_notify"
  AFTER INSERT ON "LiveFrame"
  FOR EACH ROW EXECUTE FUNCTION "notify_live_frame"();
