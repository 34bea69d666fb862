package dev.zhiyu.server.dialog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.zhiyu.dialog.FaqAnswers;
import dev.zhiyu.dialog.KnowledgeAnswers;
import dev.zhiyu.nlp.SentenceEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's off-script answers: the shipped FAQ with the tenant's uploaded entries over it, indexed under the
 * tenant's own directory. The index is built in the background when the tenant's dialogs load (the sentence encoder
 * takes seconds); until it is ready no question is answered rather than a call waiting for it.
 */
final class TenantFaq implements KnowledgeAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(TenantFaq.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String tenant;
    private final Path dir;
    private volatile FaqAnswers ready;

    TenantFaq(String tenant, Path dir) {
        this.tenant = tenant;
        this.dir = dir;
    }

    /** Starts building the index with the tenant's stored entries (YAML, or none). */
    TenantFaq start(Optional<String> stored) {
        Thread.ofVirtual().name("faq-" + tenant).start(() -> {
            try {
                List<FaqAnswers.Entry> own = stored.map(y -> parse(y, "已保存的 FAQ")).orElse(List.of());
                ready = FaqAnswers.open(dir, SentenceEncoder.bgeSmallZh(), own);
            } catch (IOException | RuntimeException e) {
                LOG.error("租户 {} 的 FAQ 索引建立失败，通话中的场景外问题暂不作答：{}", tenant, e.toString());
            }
        });
        return this;
    }

    @Override
    public Optional<String> answer(String question) {
        FaqAnswers faq = ready;
        return faq == null ? Optional.empty() : faq.answer(question);
    }

    /** Replaces the tenant's own entries; throws IllegalStateException while the index is still being built. */
    void use(List<FaqAnswers.Entry> own) {
        FaqAnswers faq = ready;
        if (faq == null) {
            throw new IllegalStateException("FAQ 索引正在建立，请几秒后再上传");
        }
        try {
            faq.use(own);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries from YAML or JSON (a list of {id, questions, answer}); IllegalArgumentException says what is wrong. */
    static List<FaqAnswers.Entry> parse(String text, String source) {
        try {
            return FaqAnswers.parse(YAML.readTree(text), source);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " 不是有效的 YAML/JSON：" + e.getOriginalMessage());
        }
    }
}
