package dev.zhiyu.knowledge;

import java.time.LocalDate;

/**
 * {@code holder} holds {@code equity} of {@code company} (a fraction 0–1; {@code null} = disclosed as held but the share
 * is unknown). {@code voting} is the fraction of votes when it differs from equity, else {@code null}.
 */
public record Shareholding(String holder, String company, Double equity, Double voting, Double subscribedCapital,
                           LocalDate start, LocalDate end, Provenance source) {

    /** Votes carried: the voting share if given, else the equity share (unknown stays {@code null}). */
    public Double votes() {
        return voting != null ? voting : equity;
    }

    public String key() {
        return holder + "->" + company;
    }
}
