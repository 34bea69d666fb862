package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.Anomaly;
import dev.zhiyu.reports.indicators.AnomalyDetector;
import dev.zhiyu.reports.indicators.Indicator;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.Statements;
import dev.zhiyu.reports.indicators.Unit;
import dev.zhiyu.reports.indicators.Value;
import dev.zhiyu.reports.news.NewsWriter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Linearises a report's analysis into records, in this order: the cover (company, code, year, report type), then per
 * key indicator in table order CUR, PRIOR, YOY (amounts and per-share) or PTS (ratios, printed change in points),
 * then per anomaly ANOM and, when the company explained it, REASON (the extracted sentence, copied verbatim).
 * Features per record (each one-hot, concatenated): entity (16 indicators + 4 cover fields), attribute, value class
 * (sign / missing / text / anomaly kind), situation (growth, decline, turnaround, …) and flags (has reason, no reason,
 * indicator is anomalous, report has ≥ 3 anomalies).
 */
final class Records {
    static final int ENTITIES = Indicator.values().length + 4;
    static final int ATTRS = Rec.Attr.values().length;
    static final int CLASSES = 5 + Anomaly.Kind.values().length;
    static final int SITUATIONS = 8;
    static final int FLAGS = 4;
    static final int FEATURES = ENTITIES + ATTRS + CLASSES + SITUATIONS + FLAGS;
    static final int POS = 0, NEG = 1, ZERO = 2, MISSING = 3, TEXT = 4;
    static final int GROWTH = 0, DECLINE = 1, FLAT = 2, TURNAROUND = 3, TO_LOSS = 4, LOSS_WIDEN = 5, LOSS_NARROW = 6, NONE = 7;
    static final int HAS_REASON = 1, NO_REASON = 2, ANOMALOUS = 4, MANY_ANOMALIES = 8;

    private Records() {
    }

    static List<Rec> of(GenerationInput in) {
        List<Rec> out = new ArrayList<>();
        int many = in.anomalies().size() >= 3 ? MANY_ANOMALIES : 0;
        int base = Indicator.values().length;
        if (in.info().company() != null) out.add(new Rec(base, Rec.Attr.COMPANY, TEXT, NONE, many, in.info().company(), null, 0));
        if (in.info().code() != null) out.add(new Rec(base + 1, Rec.Attr.CODE, TEXT, NONE, many, in.info().code(), null, 0));
        if (in.info().period() != null)
            out.add(new Rec(base + 2, Rec.Attr.YEAR, TEXT, NONE, many, in.info().period().substring(0, 4) + "年", null, 0));
        out.add(new Rec(base + 3, Rec.Attr.TYPE, TEXT, NONE, many, in.info().type().chinese(), null, 0));
        Set<Indicator> seen = EnumSet.noneOf(Indicator.class);
        Set<Indicator> anomalous = EnumSet.noneOf(Indicator.class);
        in.anomalies().forEach(m -> anomalous.add(m.anomaly().indicator()));
        for (KeyIndicator k : in.indicators()) {
            if (!seen.add(k.indicator())) continue;
            indicator(k, many | (anomalous.contains(k.indicator()) ? ANOMALOUS : 0), out);
        }
        for (MatchedAnomaly m : in.anomalies()) anomaly(m, many, out);
        return out;
    }

    private static void indicator(KeyIndicator k, int flags, List<Rec> out) {
        Indicator ind = k.indicator();
        int e = ind.ordinal();
        if (k.current() == null || k.current().missing()) {
            out.add(new Rec(e, Rec.Attr.CUR, MISSING, NONE, flags, null, ind, 0));
            return;
        }
        BigDecimal cur = k.current().number();
        BigDecimal prior = k.prior() == null || k.prior().missing() ? null : k.prior().number();
        int situation = situation(k, cur, prior);
        // a loss on both dates is written as 亏损 + the loss amount (see NewsWriter), so the copy is the amount
        boolean losses = Statements.isProfitLine(ind) && prior != null && cur.signum() < 0 && prior.signum() < 0;
        out.add(new Rec(e, Rec.Attr.CUR, signClass(cur), situation, flags, NewsWriter.render(ind, losses ? cur.abs() : cur), ind, 0));
        if (prior != null) out.add(new Rec(e, Rec.Attr.PRIOR, signClass(prior), situation, flags,
                NewsWriter.render(ind, losses ? prior.abs() : prior), ind, 0));
        if (ind.kind() == Indicator.Kind.RATIO) {
            Value c = k.change();
            // the printed move in points, else the one computed from the two periods (as the templates state it)
            BigDecimal pts = c != null && !c.missing() && c.unit() == Unit.PERCENTAGE_POINT ? c.number()
                    : prior == null ? null : cur.subtract(prior);
            if (pts != null)
                out.add(new Rec(e, Rec.Attr.PTS, signClass(pts), situation, flags, plain(pts) + "个百分点", ind, pts.signum()));
        } else if (prior != null) {
            BigDecimal pct = AnomalyDetector.percentChange(k, cur, prior);
            if (pct != null) out.add(new Rec(e, Rec.Attr.YOY, signClass(pct), situation, flags, plain(pct) + "%", ind, pct.signum()));
        }
    }

    private static void anomaly(MatchedAnomaly m, int flags, List<Rec> out) {
        Anomaly a = m.anomaly();
        int e = a.indicator().ordinal();
        int f = flags | (m.explanation() != null ? HAS_REASON : NO_REASON);
        String copy = a.change() == null ? null : plain(a.change()) + a.unit().label();
        int sign = switch (a.kind()) {
            case SURGE, RATIO_UP, LOSS_NARROWED -> 1;
            case PLUNGE, RATIO_DOWN, LOSS_WIDENED -> -1;
            default -> 0;
        };
        out.add(new Rec(e, Rec.Attr.ANOM, 5 + a.kind().ordinal(), NONE, f, copy, a.indicator(), sign));
        if (m.explanation() != null)
            out.add(new Rec(e, Rec.Attr.REASON, TEXT, NONE, f, quote(m.explanation().text()), a.indicator(), 0));
    }

    /** The explanation as the templates quote it (trailing punctuation dropped). */
    static String quote(String text) {
        return text.replaceAll("[。；;，,\\s]+$", "");
    }

    static int situation(KeyIndicator k, BigDecimal cur, BigDecimal prior) {
        if (k.indicator().kind() == Indicator.Kind.RATIO) {
            Value c = k.change();
            BigDecimal pts = c != null && !c.missing() && c.unit() == Unit.PERCENTAGE_POINT ? c.number()
                    : prior == null ? null : cur.subtract(prior);
            if (pts == null) return NONE;
            return pts.signum() > 0 ? GROWTH : pts.signum() < 0 ? DECLINE : FLAT;
        }
        if (prior == null) return NONE;
        if (prior.signum() < 0 && cur.signum() > 0) return TURNAROUND;
        if (prior.signum() > 0 && cur.signum() < 0) return TO_LOSS;
        BigDecimal pct = AnomalyDetector.percentChange(k, cur, prior);
        if (pct == null) return NONE;
        if (prior.signum() < 0 && cur.signum() < 0) return cur.compareTo(prior) < 0 ? LOSS_WIDEN : LOSS_NARROW;
        return pct.signum() >= 0 ? GROWTH : DECLINE;
    }

    private static int signClass(BigDecimal n) {
        return n.signum() > 0 ? POS : n.signum() < 0 ? NEG : ZERO;
    }

    static String plain(BigDecimal v) {
        return v.abs().stripTrailingZeros().toPlainString();
    }

    /** The encoder's input row for one record. */
    static float[] features(Rec r) {
        float[] f = new float[FEATURES];
        f[r.entity()] = 1;
        f[ENTITIES + r.attr().ordinal()] = 1;
        f[ENTITIES + ATTRS + r.valueClass()] = 1;
        f[ENTITIES + ATTRS + CLASSES + r.situation()] = 1;
        for (int b = 0; b < FLAGS; b++) if ((r.flags() & (1 << b)) != 0) f[ENTITIES + ATTRS + CLASSES + SITUATIONS + b] = 1;
        return f;
    }
}
