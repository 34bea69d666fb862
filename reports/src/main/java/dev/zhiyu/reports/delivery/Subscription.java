package dev.zhiyu.reports.delivery;

import java.util.Set;

/**
 * A research reader's subscription: to companies (stock codes), to an industry (the codes the tenant maps to it),
 * or to a watch list; delivered through one channel to one target (feed name, webhook URL, e-mail address).
 */
public record Subscription(String subscriber, Scope scope, String scopeName, Set<String> codes, Channel channel,
                           String target, String secret) {
    public enum Scope { COMPANY, INDUSTRY, WATCHLIST }

    public enum Channel { ATOM, WEBHOOK, EMAIL }

    public Subscription {
        codes = Set.copyOf(codes);
    }

    public boolean covers(String code) { return code != null && codes.contains(code); }
}
