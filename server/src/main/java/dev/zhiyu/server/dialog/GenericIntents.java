package dev.zhiyu.server.dialog;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** The shared classifier of the generic outbound intents, loaded once on first use (it is read-only). */
public final class GenericIntents {
    private GenericIntents() {
    }

    /** {@code spec}: {@code builtin:generic} (neural), {@code builtin:generic-maxent}, or a model directory. */
    public static Supplier<IntentClassifier> memoized(String spec) {
        return new Supplier<>() {
            private IntentClassifier loaded;

            @Override
            public synchronized IntentClassifier get() {
                if (loaded == null) {
                    try {
                        loaded = new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load(spec));
                    } catch (IOException e) {
                        throw new UncheckedIOException("意图模型 " + spec + " 加载失败", e);
                    }
                }
                return loaded;
            }
        };
    }
}
