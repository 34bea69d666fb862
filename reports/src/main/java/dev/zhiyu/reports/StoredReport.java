package dev.zhiyu.reports;

import java.time.Instant;

/** A document as the store knows it: identity, status, and what the cover page said once parsed. */
public record StoredReport(long id, String fileName, String sha256, DocumentStatus status, String problem,
                           String detail, ReportInfo info, int pages, Instant receivedAt, Instant finishedAt) {
}
