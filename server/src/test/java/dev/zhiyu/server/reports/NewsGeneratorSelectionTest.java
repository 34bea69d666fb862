package dev.zhiyu.server.reports;

import dev.zhiyu.reports.generate.Corpus;
import dev.zhiyu.reports.generate.GeneratorTrainer;
import dev.zhiyu.reports.generate.LearnedGenerator;
import dev.zhiyu.reports.news.DraftWriter;
import dev.zhiyu.reports.news.NewsItem;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A tenant with a saved generator model gets the learned writer; others, and unreadable models, get the templates. */
class NewsGeneratorSelectionTest {
    static Path pdf(String prefix) throws Exception {
        Path dir = Path.of("../../shared/data/reports/pdfs");
        if (!Files.isDirectory(dir)) throw new AssertionError("缺少共享测试数据 " + dir.toAbsolutePath());
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    @Test
    void theTenantsOwnModelIsUsedAndNewsIsStillChecked() throws Exception {
        try (TestStores stores = TestStores.h2(); Platform p = Platform.open(stores.config())) {
            p.startUp();
            Path data = ((TestStores.H2) stores).dir();
            Tenant a = p.tenants().create("alpha", "甲证券", "test");
            Tenant b = p.tenants().create("beta", "乙证券", "test");
            Path bank = pdf("民生银行");
            var model = GeneratorTrainer.train(Corpus.training(List.of(Corpus.base(bank)), "无", 4),
                    new GeneratorTrainer.Options(3, 8, 1, 1, 16, 1e-2), s -> { });
            model.save(data.resolve("tenants").resolve("alpha").resolve("news-generator"));
            Files.createDirectories(data.resolve("news-generator"));
            Files.writeString(data.resolve("news-generator").resolve("generator.json"), "{损坏");
            Files.writeString(data.resolve("news-generator").resolve("weights.bin"), "");
            try (ReportService service = new ReportService(p, ReportSettings.defaults(), data)) {
                assertInstanceOf(LearnedGenerator.class, service.newsWriter(a));
                assertSame(DraftWriter.TEMPLATES, service.newsWriter(b), "乙没有自己的模型，共享目录的模型损坏：用模板");
                long doc = service.directIntake(a).ingestNow(Files.readAllBytes(bank), "bank.pdf").id();
                assertEquals(NewsItem.Status.PUBLISHED, service.store(a).news(doc).orElseThrow().status());
            }
        }
    }
}
