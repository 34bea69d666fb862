package dev.zhiyu.telephony.lists;

import java.util.List;

/**
 * @param fileError when set, the file as a whole was refused and nothing was imported
 * @param errors    the first {@link CallListImporter#MAX_REPORTED_ERRORS} row errors; {@code rejected} counts all
 */
public record ImportReport(long rows, long imported, long duplicates, long rejected, List<RowError> errors,
                           String fileError) {
    public ImportReport {
        errors = List.copyOf(errors);
    }

    public boolean ok() {
        return fileError == null;
    }
}
