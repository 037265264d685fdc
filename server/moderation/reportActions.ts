"use server";
import { defineAction } from "../actions/defineAction";
import { fileStaffReport, staffReportInput } from "./staffReports";

/** Staff file a report on their own initiative (trust_safety and admin: reports create). */
export const fileReport = defineAction(
  { resource: "reports", action: "create", input: staffReportInput },
  (input, { tx }) => fileStaffReport(tx, input),
);
