-- CreateEnum
CREATE TYPE "LabPace" AS ENUM ('realistic', 'fast');

-- AlterTable
ALTER TABLE "GameDay" ADD COLUMN     "labPace" "LabPace" NOT NULL DEFAULT 'realistic',
ADD COLUMN     "scoresRevealedAt" TIMESTAMPTZ(3),
ADD COLUMN     "shareTeamLogs" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "remediationAllowed" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "measures" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "ratingOverrides" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "ratings" JSONB NOT NULL DEFAULT '{}';
