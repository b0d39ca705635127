-- AlterTable
ALTER TABLE "iterations" ADD COLUMN     "watchdog_state" JSONB;
