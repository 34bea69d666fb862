package dev.zhiyu.server.knowledge;

import dev.zhiyu.knowledge.BadRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One asynchronous knowledge-graph import as users see it.
 *
 * @param status       排队, 解析, 写入, 完成 or 失败
 * @param progress     0–1; moves per phase, and through the write's steps while writing
 * @param rowsTotal    rows (tables) or statements (BODS) in the file, once it has been read
 * @param rowsParsed   rows turned into facts or rejected while reading
 * @param factsTotal   facts handed to the graph
 * @param factsWritten facts the graph stored (the synchronous route's {@code accepted})
 * @param rejected     the first {@link KgImports#REJECTED_SHOWN} rejected rows; {@code rejectedCount} counts all
 * @param phaseMillis  time spent in each phase, in order
 * @param error        why it failed, in Chinese, saying what to do
 * @param step         while writing: the write's current step and counts, e.g. 「装载事实：80,000 / 1,595,743 条事实（5%）」
 *                     (a first bulk import: 校验 → 装载事实 → 建二级索引 → 切换 → 计算); null before
 * @param stepDone     what that step has done (rows, facts or indexes: {@code step} names the unit)
 * @param stepTotal    what it has to do; -1 when not known
 */
public record KgImport(long id, String format, String fileName, long sizeBytes, String status, double progress,
                       Integer rowsTotal, Integer rowsParsed, Integer factsTotal, Integer factsWritten,
                       int rejectedCount, List<BadRow> rejected, Map<String, Long> phaseMillis, String error,
                       String createdBy, Instant queuedAt, Instant startedAt, Instant finishedAt, String step,
                       Long stepDone, Long stepTotal) {

    public static final String QUEUED = "排队";
    public static final String PARSING = "解析";
    public static final String WRITING = "写入";
    public static final String DONE = "完成";
    public static final String FAILED = "失败";

    public boolean running() {
        return !DONE.equals(status) && !FAILED.equals(status);
    }
}
