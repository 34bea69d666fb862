package dev.zhiyu.knowledge;

/**
 * One shareholding in the index, between node numbers. NaN equity = held, share unknown. {@code scale} normalises a
 * company whose disclosed shares add up to a little over 100% (registry rounding); the fact keeps the disclosed figure.
 */
final class Edge {
    final int holder;
    final int company;
    final Shareholding fact;
    final double equity;
    final double votes;

    final double scale;

    Edge(int holder, int company, Shareholding fact) {
        this(holder, company, fact, 1);
    }

    Edge(int holder, int company, Shareholding fact, double scale) {
        this.holder = holder;
        this.company = company;
        this.fact = fact;
        this.scale = scale;
        this.equity = fact.equity() == null ? Double.NaN : fact.equity() * scale;
        double v = fact.votes() == null ? Double.NaN : fact.votes();
        this.votes = fact.voting() == null ? v * scale : v;
    }

    Edge scaled(double s) {
        return new Edge(holder, company, fact, s);
    }

    boolean unknown() {
        return Double.isNaN(equity);
    }
}
