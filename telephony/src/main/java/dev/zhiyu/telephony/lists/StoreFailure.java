package dev.zhiyu.telephony.lists;

/** The sink could not store what was read (the database, not the file). */
final class StoreFailure extends RuntimeException {
    StoreFailure(RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
