package dev.zhiyu.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class Nd4jThreadsTest {
    /** Whatever the process started with (here: 2 threads, as on this 2-core machine without OMP_NUM_THREADS), training uses one. */
    @Test
    void trainingSetsOneOpenMpAndBlasThreadInCode() {
        Nd4j.getEnvironment();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(2);
        assertEquals(2, Nd4jThreads.ompThreads());
        Nd4jThreads.single();
        assertEquals(1, Nd4jThreads.ompThreads());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
    }
}
