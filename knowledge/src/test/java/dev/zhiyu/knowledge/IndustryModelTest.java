package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.LabeledText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model tag on the OpenSPG supply-chain companies: label = industry of a company's first product (from the
 * product table), text = the leaf names of its products only (so the label's own path words are not in the text).
 * Held-out: every third company. This measures product-name → industry transfer on ~100 companies, nothing more.
 */
class IndustryModelTest {

    @Test
    void beatsTheMajorityBaselineOnHeldOutCompanies() {
        OpenSpgSupplyChainTest.load();
        Map<String, String> industry = new HashMap<>();
        OpenSpgSupplyChainTest.products.forEach(p -> industry.put(p.get("fullname"),
                OpenSpgSupplyChainTest.last(p.get("belongToIndustry"))));
        List<LabeledText> all = new ArrayList<>();
        int line = 0;
        for (var c : OpenSpgSupplyChainTest.companies) {
            String first = OpenSpgSupplyChainTest.split(c.get("products")).getFirst();
            String label = null;
            for (String pre = first; pre != null && label == null; pre = OpenSpgSupplyChainTest.parent(pre)) {
                label = industry.get(pre);
            }
            if (label != null) {
                all.add(new LabeledText(label, IndustryModel.text(OpenSpgSupplyChainTest.graph, c.get("id")), ++line));
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        all.forEach(t -> counts.merge(t.label(), 1, Integer::sum));
        List<LabeledText> usable = all.stream().filter(t -> counts.get(t.label()) >= 6).toList();
        List<LabeledText> train = new ArrayList<>();
        List<LabeledText> test = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            (i % 3 == 2 ? test : train).add(usable.get(i));
        }
        IndustryModel.Evaluation e = IndustryModel.evaluate(train, test);
        System.out.println("行业模型标签：" + e + "，类别 " + counts);
        assertTrue(e.accuracy() > e.majorityBaseline(), e.toString());

        // used only where the registry lacks an industry
        IndustryModel m = IndustryModel.train(usable);
        assertTrue(m.infer(OpenSpgSupplyChainTest.graph, "CSF0000001579").isPresent());
        KnowledgeGraph g = KnowledgeGraphs.inMemory();
        g.load(new FactBatch().entity("t", 1, new Entity("K", EntityKind.COMPANY, "K", List.of(),
                Map.of("industry", "银行"), Facts.SRC)));
        assertEquals(java.util.Optional.empty(), m.infer(g, "K"));
    }
}
