package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Basic tags from attributes and computed facts. */
final class Tags {
    private Tags() {
    }

    static List<String> basic(Graph graph, int c) {
        GraphIndex g = graph.index;
        Entity e = g.entity(c);
        List<String> tags = new ArrayList<>();
        if (e.listed()) {
            tags.add("上市公司");
        }
        attr(tags, "地区", e.attribute("region"));
        attr(tags, "行业", e.attribute("industry"));
        attr(tags, "状态", e.attribute("status"));
        Controller ctl = graph.queries().controller(c);
        if (ctl.stateOwned()) {
            tags.add("国有控股");
        } else if (ctl.status() == ControlStatus.CONTROLLED && ctl.controller().kind() == EntityKind.PERSON) {
            tags.add("民营企业");
        }
        if (graph.engine.of(c).incomplete()) {
            tags.add("股权数据不完整");
        }
        if (((GraphRelations) graph.relations()).inGuaranteeCircle(c)) {
            tags.add("担保圈成员");
        }
        Set<String> chains = new LinkedHashSet<>();
        for (String p : g.produces.getOrDefault(c, List.of())) {
            ProductHierarchy.selfAndAncestors(g, p).forEach(x -> chains.addAll(g.products.get(x).chains()));
        }
        chains.forEach(ch -> tags.add("产业链：" + ch));
        return tags;
    }

    private static void attr(List<String> tags, String label, String value) {
        if (value != null && !value.isBlank()) {
            tags.add(label + "：" + value);
        }
    }
}
