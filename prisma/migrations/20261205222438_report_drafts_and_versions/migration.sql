-- CreateTable
CREATE TABLE "ReportDraft" (
    "gameDayId" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "starred" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "actionItems" JSONB NOT NULL DEFAULT '[]',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportDraft_pkey" PRIMARY KEY ("gameDayId")
);

-- CreateTable
CREATE TABLE "ReportVersion" (
    "id" TEXT NOT NULL,
    "gameDayId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "report" JSONB NOT NULL,
    "finalizedById" TEXT NOT NULL,
    "finalizedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReportVersion_gameDayId_version_key" ON "ReportVersion"("gameDayId", "version");

-- AddForeignKey
ALTER TABLE "ReportDraft" ADD CONSTRAINT "ReportDraft_gameDayId_fkey" FOREIGN KEY ("gameDayId") REFERENCES "GameDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportVersion" ADD CONSTRAINT "ReportVersion_gameDayId_fkey" FOREIGN KEY ("gameDayId") REFERENCES "GameDay"("id") ON DELETE CASCADE ON UPDATE CASCADE;
