package dev.zhiyu.server.telephony;

import dev.zhiyu.telephony.lists.RowError;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One asynchronous call-list import as users see it.
 *
 * @param listId     the list the file goes into: an existing one ({@code append}) or the id the new list gets when the
 *                   import finishes (it is not visible before)
 * @param status     排队, 导入 (reading rows and writing them), 提交 (making them visible at once), 完成 or 失败
 * @param progress   0–1, from how much of the file has been read
 * @param rowsRead   data rows read so far (header not counted)
 * @param imported   numbers added to the list (nothing is visible before 完成; a failed import added none)
 * @param duplicates numbers already in the file above, or already in the list
 * @param rejected   rows refused (bad or missing number); {@code errors} holds the first {@link ListImports#ERRORS_SHOWN}
 * @param phaseMillis time spent in each phase, in order; 提交 appears once the commit has returned (on H2 that includes
 *                    the checkpoint writing it to disk), shortly after 完成, which is recorded inside the commit
 * @param error      why it failed, in Chinese, saying what to do
 */
public record ListImport(long id, String listId, String listName, boolean append, String fileName, long sizeBytes,
                         String status, double progress, long rowsRead, long imported, long duplicates, long rejected,
                         List<RowError> errors, Map<String, Long> phaseMillis, String error, String createdBy,
                         Instant queuedAt, Instant startedAt, Instant finishedAt) {

    public static final String QUEUED = "排队";
    public static final String IMPORTING = "导入";
    public static final String COMMITTING = "提交";
    public static final String DONE = "完成";
    public static final String FAILED = "失败";

    public boolean running() {
        return !DONE.equals(status) && !FAILED.equals(status);
    }
}
