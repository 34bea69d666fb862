package dev.zhiyu.nlp;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One thread for ND4J's OpenMP loops and for its BLAS. Training here multiplies small matrices, so more threads only
 * spin-wait on each other — on a busy 2-core machine neural training took 64 min through the CLI against 3 min with
 * OMP_NUM_THREADS=1. Set by the code, so it holds whatever the user's environment says.
 */
public final class Nd4jThreads {
    private Nd4jThreads() {
    }

    public static void single() {
        Nd4j.getEnvironment().setMaxMasterThreads(1); // loads the backend, which NativeOpsHolder needs
        // Environment.setMaxThreads(1), all training did before, leaves OpenMP's own thread count (= cores) alone
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }

    /** OpenMP's current thread count, for tests. */
    static int ompThreads() {
        Nd4j.getEnvironment();
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
