package dev.zhiyu.reports.generate;

import dev.zhiyu.reports.ReportInfo;
import dev.zhiyu.reports.explain.MatchedAnomaly;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.reports.indicators.MainBusiness;
import dev.zhiyu.reports.news.NewsWriter;
import dev.zhiyu.reports.news.NumberChecker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Learned news with a safety net. The model's text must pass (1) the template pipeline's {@link NumberChecker}
 * (every number traceable to the extracted data at its printed unit and precision, every quote verbatim) and
 * (2) the relation check: each number is stated of the indicator the data gives it to, with the right direction
 * word. Otherwise the template draft is published instead and the fallback is counted.
 */
public final class LearnedGenerator implements NewsGenerator {
    private final Function<GenerationInput, List<String>> model;
    private final AtomicLong drafts = new AtomicLong(), fallbacks = new AtomicLong();

    /** The draft used, whether it is the model's, and why the model's text was rejected (empty when used). */
    public record Outcome(NewsWriter.Draft draft, boolean learned, List<String> rejections, String modelText) {
        /**
         * Why the template was published: {@code model_error}, {@code incomplete} (no headline or body),
         * {@code relation} (a number stated of the wrong indicator or direction), {@code number_check} (a number,
         * unit or quote the checker cannot trace); {@code none} when the model's text was used.
         */
        public String reason() {
            if (learned) return "none";
            String first = rejections.isEmpty() ? "" : rejections.get(0);
            if (first.startsWith(MODEL_FAILED)) return "model_error";
            if (first.equals(INCOMPLETE)) return "incomplete";
            if (rejections.stream().allMatch(r -> r.startsWith(UNRELATED))) return "relation";
            return "number_check";
        }
    }

    private static final String MODEL_FAILED = "模型生成失败：", INCOMPLETE = "生成的快讯缺少标题或正文", UNRELATED = "数字与指标不对应：";
    private static final String NO_FIGURES = "生成的快讯没有陈述任何指标数字", HEADLINE = "标题未以公司简称、代码和报告期开头：";

    LearnedGenerator(Function<GenerationInput, String> model) {
        this(in -> List.of(model.apply(in)), true);
    }

    private LearnedGenerator(Function<GenerationInput, List<String>> candidates, boolean unused) {
        this.model = candidates;
    }

    /**
     * A generator whose model proposes several texts, best first (a beam): the first that passes both checks is
     * published; when none does, the template is, and the rejections reported are the first text's.
     */
    static LearnedGenerator ofCandidates(Function<GenerationInput, List<String>> candidates) {
        return new LearnedGenerator(candidates, true);
    }

    @Override
    public NewsWriter.Draft write(ReportInfo info, List<KeyIndicator> indicators, List<MainBusiness> business,
                                  List<MatchedAnomaly> anomalies, int variant) {
        return attempt(new GenerationInput(info, indicators, business, anomalies, variant)).draft();
    }

    public Outcome attempt(GenerationInput in) {
        NewsWriter.Draft template = NewsWriter.write(in.info(), in.indicators(), in.business(), in.anomalies(), in.variant());
        drafts.incrementAndGet();
        List<String> texts;
        try {
            texts = model.apply(in);
        } catch (RuntimeException e) {
            fallbacks.incrementAndGet();
            return new Outcome(template, false, List.of(MODEL_FAILED + e.getMessage()), "");
        }
        if (texts.isEmpty()) texts = List.of("");
        List<String> firstProblems = null;
        for (String text : texts) {
            NewsWriter.Draft learned = assemble(text, in, template);
            List<String> problems = problems(text, learned, in);
            if (problems.isEmpty()) return new Outcome(learned, true, List.of(), text);
            if (firstProblems == null) firstProblems = problems;
        }
        fallbacks.incrementAndGet();
        return new Outcome(template, false, firstProblems, texts.get(0));
    }

    static List<String> problems(String text, NewsWriter.Draft d, GenerationInput in) {
        List<String> out = new ArrayList<>();
        if (d.headline().isBlank() || d.body().isBlank()) out.add(INCOMPLETE);
        if (Relations.of(text).isEmpty()) out.add(NO_FIGURES);
        ReportInfo info = in.info();
        if (info != null && info.company() != null && info.code() != null) {
            String lead = info.company() + "(" + info.code() + ") " + NewsWriter.headlinePeriod(info);
            if (!d.headline().startsWith(lead)) out.add(HEADLINE + lead);
        }
        out.addAll(NumberChecker.check(d.headline() + "\n" + d.body(), in.info(), in.indicators(), in.business(), d.quotes()));
        for (Relations.Relation r : Relations.unsupported(text, Records.of(in)))
            out.add(UNRELATED + (r.entity() == null ? "" : r.entity().chinese()) + " " + r.span());
        return out;
    }

    /** Headline = the first line; the template's main-business paragraph follows the body's first paragraph. */
    private static NewsWriter.Draft assemble(String text, GenerationInput in, NewsWriter.Draft template) {
        int nl = text.indexOf('\n');
        String headline = nl < 0 ? text : text.substring(0, nl);
        String body = nl < 0 ? "" : text.substring(nl + 1);
        String segments = NewsWriter.mainBusiness(in.business(), Math.floorMod(in.variant(), 2));
        if (!segments.isEmpty()) {
            int cut = body.indexOf('\n');
            body = cut < 0 ? body + "\n" + segments : body.substring(0, cut) + "\n" + segments + body.substring(cut);
        }
        return new NewsWriter.Draft(headline, body, template.sources(), template.quotes());
    }

    public long drafts() { return drafts.get(); }

    public long fallbacks() { return fallbacks.get(); }

    public double fallbackRate() { return drafts.get() == 0 ? 0 : (double) fallbacks.get() / drafts.get(); }
}
