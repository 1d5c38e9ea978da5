-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "entryKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "TimelineEvent_gameDayId_entryKey_key" ON "TimelineEvent"("gameDayId", "entryKey");
