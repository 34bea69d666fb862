package dev.zhiyu.knowledge;

/** One shareholding in the index, between node numbers. NaN equity = held, share unknown. */
final class Edge {
    final int holder;
    final int company;
    final Shareholding fact;
    final double equity;
    final double votes;

    Edge(int holder, int company, Shareholding fact) {
        this.holder = holder;
        this.company = company;
        this.fact = fact;
        this.equity = fact.equity() == null ? Double.NaN : fact.equity();
        this.votes = fact.votes() == null ? Double.NaN : fact.votes();
    }

    boolean unknown() {
        return Double.isNaN(equity);
    }
}
