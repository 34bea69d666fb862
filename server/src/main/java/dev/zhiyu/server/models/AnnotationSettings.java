package dev.zhiyu.server.models;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * A tenant's annotation settings.
 *
 * @param annotatorsPerTurn how many annotators label a queued turn before it leaves everyone's queue (an adjudicated
 *                          turn leaves at once); two, so that agreement is measured on the same turns
 */
public record AnnotationSettings(int annotatorsPerTurn) {
    public static final int DEFAULT_ANNOTATORS = 2;
    public static final int MAX_ANNOTATORS = 10;
    private static final String ANNOTATORS = "annotators_per_turn";

    public AnnotationSettings {
        if (annotatorsPerTurn < 1 || annotatorsPerTurn > MAX_ANNOTATORS) {
            throw dev.zhiyu.server.platform.Failure.invalid("annotatorsPerTurn",
                    "每条话语的标注人数应在 1 到 " + MAX_ANNOTATORS + " 之间");
        }
    }

    static AnnotationSettings read(Jdbi tenantDb) {
        return new AnnotationSettings(tenantDb.withHandle(h -> h.createQuery(
                        "SELECT setting_value FROM annotation_settings WHERE setting_key = :k")
                .bind("k", ANNOTATORS).mapTo(Integer.class).findOne().orElse(DEFAULT_ANNOTATORS)));
    }

    void save(Jdbi tenantDb, Instant at, String by) {
        tenantDb.useTransaction(h -> {
            h.createUpdate("DELETE FROM annotation_settings WHERE setting_key = :k").bind("k", ANNOTATORS).execute();
            h.createUpdate("""
                            INSERT INTO annotation_settings (setting_key, setting_value, updated_at, updated_by)
                            VALUES (:k, :v, :at, :by)""")
                    .bind("k", ANNOTATORS).bind("v", annotatorsPerTurn).bind("at", StoreJson.time(at)).bind("by", by)
                    .execute();
        });
    }
}
