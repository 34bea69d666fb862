package dev.zhiyu.telephony.lists;

/**
 * Where an import stands while the file is read: called on the importing thread every
 * {@link CallListImporter#PROGRESS_EVERY} data rows, then once more (with everything read) before the sink commits.
 */
public interface ImportProgress {

    ImportProgress NONE = (soFar, fractionRead) -> { };

    /**
     * @param soFar        counts and the first row errors so far ({@code fileError} is null)
     * @param fractionRead how much of the file has been read, 0–1; negative when the size is not known
     */
    void reading(ImportReport soFar, double fractionRead);

    /** Every row has been read and handed to the sink, which is about to commit. */
    default void committing(ImportReport all) {
    }
}
