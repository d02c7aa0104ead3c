/** Version of the JSON report's header format (`report.formatVersion`); the zod schema in ./result-schema.ts
 *  re-exports it. Its own module so writing a report does not load zod (CLI start-up). */
export const REPORT_FORMAT_VERSION = '1.0.0';
