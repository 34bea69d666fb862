package dev.zhiyu.reports.delivery;

import java.time.Instant;

/** A published news item as delivered: its id and links back to the document and its source cells. */
public record Published(long documentId, String code, String company, String headline, String body, Instant publishedAt,
                        String documentUrl, String sourcesUrl) {
}
