package dev.zhiyu.server;

/** Closing parts in order where one part's failure does not leave the parts after it open. */
final class Closeables {
    private Closeables() {
    }

    /** Closes every non-null part in the given order; the first failure is thrown after all were tried, the rest suppressed. */
    static void closeAll(AutoCloseable... parts) {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("关闭 " + part + " 失败：" + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
