package dev.zhiyu.reports;

import dev.zhiyu.reports.pdf.Box;
import dev.zhiyu.reports.pdf.PageText;
import dev.zhiyu.reports.pdf.PdfText;
import dev.zhiyu.reports.tables.StreamTables;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import technology.tabula.ObjectExtractor;
import technology.tabula.RectangularTextContainer;
import technology.tabula.extractors.BasicExtractionAlgorithm;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ICDAR 2013 table structure given the ground-truth regions. Metric (simplified ICDAR adjacency relations): for
 * every non-empty cell, the relation to its nearest non-empty neighbour to the right in each row it spans and
 * below in each column it spans; cell text compared after lower-casing and dropping everything but letters and
 * digits; precision/recall/F1 over the relation multisets of all regions. The same metric scores Tabula's stream
 * algorithm on the same regions. Run from reports/:
 * mvn -B -q exec:java -Dexec.mainClass=dev.zhiyu.reports.IcdarEvalMain -Dexec.args="--data ../../shared/data/icdar2013"
 */
public final class IcdarEvalMain {
    record Counts(int correct, int predicted, int truth) {
        Counts plus(Counts o) { return new Counts(correct + o.correct, predicted + o.predicted, truth + o.truth); }

        String prf() {
            double p = predicted == 0 ? 0 : (double) correct / predicted, r = truth == 0 ? 0 : (double) correct / truth;
            return String.format("P=%.3f R=%.3f F1=%.3f (正确 %d / 预测 %d / 标注 %d)", p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), correct, predicted, truth);
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(EvalMain.arg(args, "--data", "../../shared/data/icdar2013"));
        Counts ours = new Counts(0, 0, 0), tabula = new Counts(0, 0, 0);
        int regions = 0;
        for (String set : List.of("competition-dataset-eu", "competition-dataset-us")) {
            List<Path> strs;
            try (var s = Files.list(data.resolve(set))) {
                strs = s.filter(p -> p.toString().endsWith("-str.xml")).sorted().toList();
            }
            Counts setOurs = new Counts(0, 0, 0), setTab = new Counts(0, 0, 0);
            for (Path str : strs) {
                String base = str.getFileName().toString().replace("-str.xml", "");
                Path pdf = data.resolve(set).resolve(base + ".pdf");
                if (!Files.exists(pdf)) pdf = data.resolve(set).resolve(base.replaceAll("[ab]$", "a") + ".pdf");
                byte[] bytes = Files.readAllBytes(pdf);
                List<PageText> pages = PdfText.read(bytes, pdf.getFileName().toString(), Limits.defaults());
                try (PDDocument doc = PDDocument.load(bytes)) {
                    ObjectExtractor oe = new ObjectExtractor(doc);
                    var x = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(str.toFile());
                    NodeList regs = x.getElementsByTagName("region");
                    Path regFile = str.resolveSibling(base + "-reg.xml");
                    NodeList given = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(regFile.toFile())
                            .getElementsByTagName("region");
                    for (int i = 0; i < regs.getLength(); i++) {
                        Element reg = (Element) regs.item(i);
                        int pageNo = Integer.parseInt(reg.getAttribute("page"));
                        PageText page = pages.get(pageNo - 1);
                        Box box = given.getLength() == regs.getLength()
                                ? givenBox((Element) given.item(i), page.height()) : regionBox(reg, null, page.height(), i);
                        Set<String> truth = truthRelations(reg);
                        List<List<String>> mine = StreamTables.grid(page, box);
                        List<List<String>> tab = tabula(oe, pageNo, box);
                        Counts a = score(relations(mine), truth), b = score(relations(tab), truth);
                        setOurs = setOurs.plus(a);
                        setTab = setTab.plus(b);
                        regions++;
                    }
                }
            }
            System.out.println(set + "\n  文本层算法  " + setOurs.prf() + "\n  Tabula stream " + setTab.prf());
            ours = ours.plus(setOurs);
            tabula = tabula.plus(setTab);
        }
        System.out.println("合计 " + regions + " 个区域\n  文本层算法  " + ours.prf() + "\n  Tabula stream " + tabula.prf());
    }

    /** The region's bounding box from the -reg.xml twin file, converted to top-left coordinates with a small margin. */
    static Box regionBox(Element strRegion, NodeList unused, float pageHeight, int index) throws Exception {
        Element bb = null;
        // the -str.xml regions have no box of their own: take the union of their cells
        NodeList cells = strRegion.getElementsByTagName("bounding-box");
        float x1 = Float.MAX_VALUE, y1 = Float.MAX_VALUE, x2 = -Float.MAX_VALUE, y2 = -Float.MAX_VALUE;
        for (int k = 0; k < cells.getLength(); k++) {
            bb = (Element) cells.item(k);
            x1 = Math.min(x1, f(bb, "x1"));
            y1 = Math.min(y1, f(bb, "y1"));
            x2 = Math.max(x2, f(bb, "x2"));
            y2 = Math.max(y2, f(bb, "y2"));
        }
        float m = 2;
        return new Box(x1 - m, pageHeight - y2 - m, x2 - x1 + 2 * m, y2 - y1 + 2 * m);
    }

    /** The ground-truth region of the -reg.xml file (PDF points, origin bottom-left) in top-left coordinates. */
    static Box givenBox(Element region, float pageHeight) {
        Element bb = (Element) region.getElementsByTagName("bounding-box").item(0);
        float x1 = f(bb, "x1"), y1 = f(bb, "y1"), x2 = f(bb, "x2"), y2 = f(bb, "y2"), m = 2;
        return new Box(x1 - m, pageHeight - y2 - m, x2 - x1 + 2 * m, y2 - y1 + 2 * m);
    }

    private static float f(Element e, String a) { return Float.parseFloat(e.getAttribute(a)); }

    static List<List<String>> tabula(ObjectExtractor oe, int pageNo, Box box) {
        var area = oe.extract(pageNo).getArea(box.y(), box.x(), box.bottom(), box.right());
        List<List<String>> grid = new ArrayList<>();
        for (var t : new BasicExtractionAlgorithm().extract(area))
            for (List<RectangularTextContainer> row : t.getRows()) grid.add(row.stream().map(RectangularTextContainer::getText).toList());
        return grid;
    }

    static Set<String> truthRelations(Element region) {
        List<int[]> spans = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        NodeList cells = region.getElementsByTagName("cell");
        int rows = 0, cols = 0;
        for (int i = 0; i < cells.getLength(); i++) {
            Element c = (Element) cells.item(i);
            int sr = num(c.getAttribute("start-row")), sc = num(c.getAttribute("start-col"));
            int er = c.hasAttribute("end-row") ? num(c.getAttribute("end-row")) : sr;
            int ec = c.hasAttribute("end-col") ? num(c.getAttribute("end-col")) : sc;
            spans.add(new int[]{sr, sc, er, ec});
            texts.add(c.getElementsByTagName("content").item(0).getTextContent());
            rows = Math.max(rows, er + 1);
            cols = Math.max(cols, ec + 1);
        }
        int[][] owner = new int[rows][cols];
        for (int[] r : owner) java.util.Arrays.fill(r, -1);
        for (int i = 0; i < spans.size(); i++) {
            int[] s = spans.get(i);
            for (int r = s[0]; r <= s[2]; r++) for (int c = s[1]; c <= s[3]; c++) owner[r][c] = i;
        }
        return relations(owner, texts);
    }

    /** Attribute numbers; one ground-truth file has a stray character after a digit ("26ß"). */
    private static int num(String s) {
        return Integer.parseInt(s.replaceAll("[^0-9]", ""));
    }

    static Set<String> relations(List<List<String>> grid) {
        int rows = grid.size(), cols = grid.stream().mapToInt(List::size).max().orElse(0);
        int[][] owner = new int[rows][cols];
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(owner[r], -1);
            for (int c = 0; c < grid.get(r).size(); c++) {
                texts.add(grid.get(r).get(c));
                owner[r][c] = texts.size() - 1;
            }
        }
        return relations(owner, texts);
    }

    /** Right and down neighbour relations between distinct non-empty cells, as "a→b" / "a↓b" strings (with a count suffix for repeats). */
    static Set<String> relations(int[][] owner, List<String> texts) {
        List<String> rel = new ArrayList<>();
        int rows = owner.length, cols = rows == 0 ? 0 : owner[0].length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int a = owner[r][c];
                if (a < 0 || norm(texts.get(a)).isEmpty()) continue;
                for (int k = c + 1; k < cols; k++) {
                    int b = owner[r][k];
                    if (b < 0 || b == a || norm(texts.get(b)).isEmpty()) continue;
                    rel.add(a + ">" + b + "|" + norm(texts.get(a)) + "→" + norm(texts.get(b)));
                    break;
                }
                for (int k = r + 1; k < rows; k++) {
                    int b = owner[k][c];
                    if (b < 0 || b == a || norm(texts.get(b)).isEmpty()) continue;
                    rel.add(a + ">" + b + "|" + norm(texts.get(a)) + "↓" + norm(texts.get(b)));
                    break;
                }
            }
        }
        // cells are identified by text only (ids differ between truth and prediction); repeats are numbered
        Set<String> out = new HashSet<>();
        for (String s : new HashSet<>(rel)) {
            String key = s.substring(s.indexOf('|') + 1);
            int n = 0;
            while (!out.add(key + "#" + n)) n++;
        }
        return out;
    }

    static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    static Counts score(Set<String> predicted, Set<String> truth) {
        int correct = 0;
        for (String p : predicted) if (truth.contains(p)) correct++;
        return new Counts(correct, predicted.size(), truth.size());
    }
}
