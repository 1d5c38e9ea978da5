-- Live fan-out: every committed timeline row is announced on the "gameday_timeline" channel
-- as "<gameDayId>:<id>", so every console instance can push it to its viewers.
CREATE FUNCTION "notify_timeline_event"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gameday_timeline', NEW."gameDayId" || ':' || NEW."id");
  RETURN NEW;
END;
$$;

CREATE TRIGGER "TimelineEvent_notify"
  AFTER INSERT ON "TimelineEvent"
  FOR EACH ROW EXECUTE FUNCTION "notify_timeline_event"();
