package dev.zhiyu.reports.explain;

import dev.zhiyu.models.ModelLifecycle;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The matcher a tenant's pipeline uses: {@code base} under the tenant's live {@link MatcherSetting}, re-resolved
 * whenever the registry records a promotion or rollback; the default setting while none is live, without a
 * registry, or when the live version cannot be used (then {@code refused} is told why).
 */
public final class LiveReasonsMatcher implements ExplanationMatcher {
    private final ExplanationMatcher base;
    private final ExplanationMatcher keywords = ExplanationMatcher.keywords();
    private final Supplier<ModelLifecycle> lifecycle;
    private final BiConsumer<ModelLifecycle, RuntimeException> refused;
    private volatile long seen = Long.MIN_VALUE;
    private volatile ExplanationMatcher current;

    public LiveReasonsMatcher(ExplanationMatcher base, Supplier<ModelLifecycle> lifecycle,
                              BiConsumer<ModelLifecycle, RuntimeException> refused) {
        this.base = base;
        this.lifecycle = lifecycle;
        this.refused = refused;
        this.current = MatcherSetting.DEFAULT.apply(base, keywords);
    }

    private ExplanationMatcher resolve() {
        ModelLifecycle l = lifecycle.get();
        if (l == null) return current;
        long change = l.registry().lastChange();
        if (change == seen) return current;
        MatcherSetting s = MatcherSetting.DEFAULT;
        try {
            s = l.live(ReasonsMatcherKind.INSTANCE, ReasonsMatcherKind.PURPOSE).orElse(MatcherSetting.DEFAULT);
        } catch (RuntimeException e) {
            refused.accept(l, e);
        }
        current = s.apply(base, keywords);
        seen = change;
        return current;
    }

    @Override
    public double[] scoreAll(String statement, List<String> candidates) {
        return resolve().scoreAll(statement, candidates);
    }

    @Override
    public String name() {
        return resolve().name();
    }
}
