package dev.zhiyu.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;


import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OnnxNativesTest {
    /**
     * ONNX Runtime's start-up recursed past a 1 MB stack on the project's VM and killed the JVM without a crash report;
     * the encoder must work from any thread, here one with a 512 KB stack. (Meaningful as the first ONNX use in its
     * JVM: run alone, {@code -Dtest=OnnxNativesTest}, it died with SIGSEGV before the environment got its own thread.)
     */
    @Test
    void theEncoderStartsFromAThreadWithASmallStack() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(SentenceEncoder.bgeSmallZh().encode("小栈线程里的第一句").length);
            } catch (RuntimeException | Error e) {
                result.set(e);
            }
        }, "small-stack", 512L << 10);
        t.start();
        t.join();
        assertEquals(512, result.get());
    }
}
