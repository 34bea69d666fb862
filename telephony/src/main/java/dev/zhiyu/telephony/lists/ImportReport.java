package dev.zhiyu.telephony.lists;

import java.util.List;

/**
 * @param fileError when set, the file as a whole was refused and nothing was imported
 * @param errors    the first {@link CallListImporter#MAX_REPORTED_ERRORS} row errors; {@code rejected} counts all
 * @param columns   the header's column names as written (stripped), the number column included; empty before the
 *                  header was read
 */
public record ImportReport(long rows, long imported, long duplicates, long rejected, List<RowError> errors,
                           String fileError, List<String> columns) {
    public ImportReport {
        errors = List.copyOf(errors);
        columns = List.copyOf(columns);
    }

    public boolean ok() {
        return fileError == null;
    }
}
