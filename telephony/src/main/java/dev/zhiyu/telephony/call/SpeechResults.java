package dev.zhiyu.telephony.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.dialog.UserInput.Hypothesis;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * DETECTED_SPEECH bodies → N-best, best first, confidences in [0, 1]. Understands mod_test / FunASR / Vosk JSON
 * and MRCP NLSML. Recognisers that report 0–100 (mod_test "88.5", MRCPv1) are scaled; a result with no confidence
 * at all gets 1.0 (the recogniser committed to it). Spaces Vosk puts between Chinese words are removed.
 */
public final class SpeechResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpeechResults() {
    }

    public static List<Hypothesis> parse(String body) {
        String s = body == null ? "" : body.strip();
        if (s.isEmpty()) {
            return List.of();
        }
        List<Hypothesis> out = s.startsWith("<") ? nlsml(s) : json(s);
        return out.stream().filter(h -> !h.text().isBlank())
                .sorted(Comparator.comparingDouble(Hypothesis::confidence).reversed()).toList();
    }

    static List<Hypothesis> json(String s) {
        JsonNode root;
        try {
            root = JSON.readTree(s);
        } catch (Exception e) {
            return List.of(new Hypothesis(clean(s), 1.0)); // some engines send the bare transcript
        }
        List<Hypothesis> out = new ArrayList<>();
        JsonNode list = first(root, "alternatives", "nbest", "results");
        if (list != null && list.isArray()) {
            for (JsonNode alt : list) {
                out.add(hypothesis(alt));
            }
        } else if (root.isArray()) {
            root.forEach(alt -> out.add(hypothesis(alt)));
        } else {
            out.add(hypothesis(root));
        }
        return out;
    }

    private static Hypothesis hypothesis(JsonNode n) {
        String text = n.path("text").asText(n.path("transcript").asText(""));
        JsonNode conf = first(n, "confidence", "conf", "score");
        double c;
        if (conf != null && conf.isNumber() || conf != null && conf.isTextual()) {
            c = scale(conf.asDouble(1.0));
        } else if (n.path("result").isArray() && !n.path("result").isEmpty()) {
            c = averageWordConfidence(n.path("result")); // Vosk word list
        } else {
            c = 1.0;
        }
        return new Hypothesis(clean(text), c);
    }

    private static double averageWordConfidence(JsonNode words) {
        double sum = 0;
        for (JsonNode w : words) {
            sum += w.path("conf").asDouble(1.0);
        }
        return scale(sum / words.size());
    }

    static List<Hypothesis> nlsml(String s) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
            NodeList interps = doc.getElementsByTagName("interpretation");
            List<Hypothesis> out = new ArrayList<>();
            for (int i = 0; i < interps.getLength(); i++) {
                Element e = (Element) interps.item(i);
                String text = textOf(e, "input");
                if (text.isBlank()) {
                    text = textOf(e, "instance");
                }
                String conf = e.getAttribute("confidence");
                if (conf.isEmpty()) {
                    NodeList inputs = e.getElementsByTagName("input");
                    conf = inputs.getLength() > 0 ? ((Element) inputs.item(0)).getAttribute("confidence") : "";
                }
                out.add(new Hypothesis(clean(text), conf.isEmpty() ? 1.0 : scale(Double.parseDouble(conf))));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("无法解析 NLSML 识别结果: " + e.getMessage(), e);
        }
    }

    private static String textOf(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    private static JsonNode first(JsonNode n, String... names) {
        for (String name : names) {
            if (n.has(name)) {
                return n.get(name);
            }
        }
        return null;
    }

    static double scale(double c) {
        double v = c > 1.0 ? c / 100.0 : c;
        return Math.max(0.0, Math.min(1.0, v));
    }

    /** Drops the spaces word-level recognisers put between CJK characters. */
    static String clean(String text) {
        return text.strip().replaceAll("(?<=[\\p{IsHan}，。？！])\\s+(?=[\\p{IsHan}，。？！])", "");
    }
}
