package dev.zhiyu.knowledge;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves a batch against the index, checks every row and applies the good ones. A row is either applied whole or
 * rejected with a {@link BadRow}; the facts returned (references rewritten to graph ids) are what the store persists.
 */
final class Loader {
    private static final double EPS = 1e-9;
    /** Registries round each holder's share; sums up to 100.05% are rounding, not an error. */
    static final double ROUNDING = 0.0005;
    private final GraphIndex index;
    private final List<Object> accepted = new ArrayList<>();
    private final List<BadRow> bad = new ArrayList<>();
    private final List<BadRow> notes = new ArrayList<>();
    /** Companies whose holders changed: the ownership engine recomputes from these. */
    final List<Integer> touched = new ArrayList<>();

    Loader(GraphIndex index) {
        this.index = index;
    }

    record Result(List<Object> facts, List<BadRow> rejected, List<Integer> touched, List<BadRow> notes) {
    }

    Result load(FactBatch b) {
        bad.addAll(b.rejected);
        b.entities.forEach(this::entity);
        b.products.forEach(this::product);
        b.products.forEach(this::productParent);
        b.shareholdings.forEach(this::shareholding);
        b.officers.forEach(this::officer);
        b.guarantees.forEach(this::guarantee);
        b.events.forEach(this::event);
        b.productLinks.forEach(this::productLink);
        b.produces.forEach(this::produces);
        b.supplies.forEach(this::supply);
        b.interests.forEach(this::interest);
        b.concerts.forEach(this::concert);
        return new Result(accepted, bad, touched, notes);
    }

    /** Thrown inside one row's check; becomes a BadRow. */
    static final class RowError extends RuntimeException {
        final String field;

        RowError(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private <T> void row(Located<T> l, Function<T, Runnable> check) {
        try {
            Runnable apply = check.apply(l.fact());
            apply.run();
        } catch (RowError e) {
            bad.add(new BadRow(l.file(), l.row(), e.field, e.getMessage()));
        }
    }

    private int ref(String field, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new RowError(field, "不能为空");
        }
        int n = index.resolve(ref);
        if (n == GraphIndex.AMBIGUOUS) {
            throw new RowError(field, "名称“" + ref + "”对应多个主体，请改用统一社会信用代码");
        }
        if (n == GraphIndex.UNKNOWN) {
            throw new RowError(field, "未知主体“" + ref + "”：须先导入该主体，或写其统一社会信用代码");
        }
        return n;
    }

    private int company(String field, String ref) {
        int n = ref(field, ref);
        if (!index.kind(n).holdable()) {
            throw new RowError(field, "“" + ref + "”不是企业（是 " + index.kind(n) + "）");
        }
        return n;
    }

    private static void fraction(String field, Double v) {
        if (v != null && (v.isNaN() || v < 0 || v > 1 + EPS)) {
            throw new RowError(field, "比例须在 0–100% 之间，实为 " + pct(v));
        }
    }

    static String pct(double v) {
        return String.format("%.4f%%", v * 100);
    }

    private void entity(Located<Entity> l) {
        row(l, e -> {
            if (e.name() == null || e.name().isBlank()) {
                throw new RowError("name", "名称不能为空");
            }
            if (e.kind() == null) {
                throw new RowError("kind", "主体类型不能为空");
            }
            int existing = index.node(e.id());
            if (existing >= 0 && index.kind(existing) != e.kind()) {
                throw new RowError("kind", "与已有主体 " + e.id() + " 的类型 " + index.kind(existing) + " 冲突");
            }
            return () -> {
                index.put(e);
                accepted.add(index.entity(index.node(e.id())));
            };
        });
    }

    private void shareholding(Located<Shareholding> l) {
        row(l, s -> {
            int h = ref("holder", s.holder());
            int c = company("company", s.company());
            if (h == c) {
                throw new RowError("holder", "企业不能持有自身股份");
            }
            fraction("equity", s.equity());
            fraction("voting", s.voting());
            if (s.start() != null && s.end() != null && s.end().isBefore(s.start())) {
                throw new RowError("end_date", "结束日期早于开始日期");
            }
            double total = index.disclosedTotal(c, h) + (s.equity() == null ? 0 : s.equity());
            if (total > 1 + ROUNDING + EPS) {
                throw new RowError("equity", "加上此行后“" + index.entity(c).name() + "”的持股合计 " + pct(total)
                        + "，超过 100%（登记四舍五入最多容许 100.05%）：请核对各股东持股比例");
            }
            if (total > 1 + EPS) {
                notes.add(new BadRow(l.file(), l.row(), "equity", "“" + index.entity(c).name() + "”的持股合计 "
                        + Uncertainty.pct(total) + "，属登记四舍五入误差，已按比例折算为 100% 计算；原披露比例保留"));
            }
            Shareholding r = new Shareholding(index.entity(h).id(), index.entity(c).id(), s.equity(), s.voting(),
                    s.subscribedCapital(), s.start(), s.end(), s.source());
            return () -> {
                if (active(r.end())) {
                    index.putHolding(new Edge(h, c, r));
                } else {
                    index.removeHolding(h, c);
                }
                touched.add(c);
                accepted.add(r);
            };
        });
    }

    static boolean active(LocalDate end) {
        return end == null || end.isAfter(LocalDate.now());
    }

    private void officer(Located<Officer> l) {
        row(l, o -> {
            int p = ref("person", o.person());
            if (index.kind(p) != EntityKind.PERSON && o.role() != OfficerRole.EXECUTIVE_PARTNER) {
                throw new RowError("person", "“" + o.person() + "”不是自然人");
            }
            int c = company("company", o.company());
            String nominator = null;
            if (o.nominatedBy() != null && !o.nominatedBy().isBlank()) {
                nominator = index.entity(ref("nominated_by", o.nominatedBy())).id();
            }
            Officer r = new Officer(index.entity(p).id(), index.entity(c).id(), o.role(), nominator, o.source());
            return () -> {
                GraphIndex.add(index.officers, c, r);
                GraphIndex.add(index.positions, p, r);
                touched.add(c);
                accepted.add(r);
            };
        });
    }

    private void guarantee(Located<Guarantee> l) {
        row(l, g -> {
            int a = ref("guarantor", g.guarantor());
            int d = ref("debtor", g.debtor());
            if (a == d) {
                throw new RowError("debtor", "不能为自身担保");
            }
            if (g.amount() != null && (g.amount().isNaN() || g.amount() < 0)) {
                throw new RowError("amount", "金额不能为负");
            }
            Guarantee r = new Guarantee(index.entity(a).id(), index.entity(d).id(), g.amount(), g.pledge(), g.start(), g.source());
            return () -> {
                GraphIndex.add(index.guaranteesOut, a, r);
                GraphIndex.add(index.guaranteesIn, d, r);
                accepted.add(r);
            };
        });
    }

    private void event(Located<Event> l) {
        row(l, e -> {
            int c = ref("company", e.company());
            if (e.date() == null) {
                throw new RowError("date", "事件日期不能为空");
            }
            if (e.type() == null || e.type().isBlank()) {
                throw new RowError("type", "事件类型不能为空");
            }
            Event r = new Event(index.entity(c).id(), e.type(), e.date(), e.title(), e.source());
            return () -> {
                GraphIndex.add(index.events, c, r);
                accepted.add(r);
            };
        });
    }

    /** Products first seen in this batch and not yet accepted: a rejected row leaves nothing behind. */
    private final java.util.Set<String> freshProducts = new java.util.HashSet<>();

    private void product(Located<Product> l) {
        row(l, p -> {
            if (p.id() == null || p.id().isBlank()) {
                throw new RowError("code", "产品编码不能为空");
            }
            if (p.name() == null || p.name().isBlank()) {
                throw new RowError("name", "产品名称不能为空");
            }
            return () -> {
                if (!index.products.containsKey(p.id())) {
                    index.products.put(p.id(), new Product(p.id(), p.name(), List.of(), List.of(), p.source()));
                    freshProducts.add(p.id());
                }
            };
        });
    }

    /** Second pass, once every product of the batch is known: parents must exist and must not close a loop. */
    private void productParent(Located<Product> l) {
        row(l, p -> {
            if (p.id() == null || !index.products.containsKey(p.id())) {
                return () -> { };
            }
            for (String parent : p.parents()) {
                String why = !index.products.containsKey(parent) ? "上级产品“" + parent + "”不存在：请先导入该产品或删去此上级"
                        : ProductHierarchy.wouldLoop(index, p.id(), parent)
                        ? "上级产品“" + parent + "”在“" + p.id() + "”之下，层级不能成环" : null;
                if (why != null) {
                    if (freshProducts.remove(p.id())) {
                        index.products.remove(p.id());
                    }
                    throw new RowError("parent", why);
                }
            }
            return () -> {
                Product before = index.products.get(p.id());
                boolean fresh = freshProducts.remove(p.id());
                Product merged = fresh ? p : before.merged(p);
                if (!fresh && !before.parents().containsAll(p.parents())) {
                    notes.add(new BadRow(l.file(), l.row(), "parent", "产品“" + p.id() + "”再次出现：上级产品合并为 "
                            + String.join("、", merged.parents()) + "（原有上级保留）"));
                }
                index.products.put(p.id(), merged);
                for (String parent : p.parents()) {
                    List<String> children = index.productChildren.computeIfAbsent(parent, k -> new ArrayList<>(2));
                    if (!children.contains(p.id())) {
                        children.add(p.id());
                    }
                }
                accepted.add(p);
            };
        });
    }

    private void productLink(Located<ProductLink> l) {
        row(l, k -> {
            product("upstream", k.upstream());
            product("downstream", k.downstream());
            return () -> {
                GraphIndex.add(index.downstream, k.upstream(), k.downstream());
                GraphIndex.add(index.upstream, k.downstream(), k.upstream());
                accepted.add(k);
            };
        });
    }

    private void product(String field, String id) {
        if (id == null || !index.products.containsKey(id)) {
            throw new RowError(field, "未知产品“" + id + "”");
        }
    }

    private void produces(Located<Produces> l) {
        row(l, p -> {
            int c = company("company", p.company());
            product("product", p.product());
            fraction("weight", p.weight());
            java.util.Map<String, Double> weights = index.productWeights.getOrDefault(c, java.util.Map.of());
            double total = (p.weight() == null ? 0 : p.weight()) + weights.entrySet().stream()
                    .filter(w -> !w.getKey().equals(p.product())).mapToDouble(java.util.Map.Entry::getValue).sum();
            if (total > 1 + ROUNDING + EPS) {
                throw new RowError("weight", "加上此行后“" + index.entity(c).name() + "”各产品的业务占比合计 " + pct(total)
                        + "，超过 100%：请核对各产品占比");
            }
            Produces r = new Produces(index.entity(c).id(), p.product(), p.weight(), p.source());
            return () -> {
                List<String> made = index.produces.computeIfAbsent(c, k -> new ArrayList<>(2));
                if (!made.contains(p.product())) {
                    made.add(p.product());
                    GraphIndex.add(index.producers, p.product(), c);
                }
                if (p.weight() != null) {
                    index.productWeights.computeIfAbsent(c, k -> new java.util.HashMap<>()).put(p.product(), p.weight());
                }
                accepted.add(r);
            };
        });
    }

    private void supply(Located<Supply> l) {
        row(l, s -> {
            int a = company("supplier", s.supplier());
            int b = company("customer", s.customer());
            if (s.product() != null && !s.product().isBlank()) {
                product("product", s.product());
            }
            Supply r = new Supply(index.entity(a).id(), index.entity(b).id(), s.product(), s.source());
            return () -> {
                GraphIndex.add(index.suppliesOut, a, r);
                GraphIndex.add(index.suppliesIn, b, r);
                accepted.add(r);
            };
        });
    }

    private void concert(Located<ConcertAgreement> l) {
        row(l, a -> {
            int c = company("company", a.company());
            List<Integer> members = new ArrayList<>();
            for (String p : a.parties()) {
                int n = ref("parties", p);
                if (!members.contains(n)) {
                    members.add(n);
                }
            }
            if (members.size() < 2) {
                throw new RowError("parties", "一致行动人至少两方");
            }
            ConcertAgreement r = new ConcertAgreement(index.entity(c).id(),
                    members.stream().map(n -> index.entity(n).id()).toList(), a.source());
            String names = String.join("、", members.stream().map(n -> index.entity(n).name()).toList());
            Entity group = new Entity(r.groupId(), EntityKind.OTHER, "一致行动人（" + names + "）", List.of(),
                    java.util.Map.of("concertMembers", String.join("|", r.parties())), a.source());
            return () -> {
                int gnode = index.put(group);
                index.concerts.computeIfAbsent(c, k -> new java.util.HashMap<>()).put(gnode, members);
                touched.add(c);
                accepted.add(index.entity(gnode));
                accepted.add(r);
            };
        });
    }

    private void interest(Located<DeclaredInterest> l) {
        row(l, i -> {
            int p = ref("interestedParty", i.party());
            int c = ref("subject", i.company());
            fraction("share.minimum", i.min());
            fraction("share.maximum", i.max());
            DeclaredInterest r = new DeclaredInterest(index.entity(p).id(), index.entity(c).id(), i.type(),
                    i.directOrIndirect(), i.min(), i.max(), i.beneficialOwnershipOrControl(), i.start(), i.components(),
                    i.source());
            return () -> {
                GraphIndex.add(index.interests, c, r);
                accepted.add(r);
            };
        });
    }
}
