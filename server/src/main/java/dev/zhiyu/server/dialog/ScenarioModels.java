package dev.zhiyu.server.dialog;

import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.server.platform.Tenant;
import java.util.Optional;

/** The tenant's live models of a scenario, if it has promoted them (the model registry answers). */
@FunctionalInterface
public interface ScenarioModels {
    ScenarioModels NONE = (tenant, scenario) -> Optional.empty();

    Optional<IntentClassifier> intents(Tenant tenant, String scenario);

    /** The live slot entity recogniser ({@code ner:<scenario>}); none by default. */
    default Optional<EntityRecognizer> entities(Tenant tenant, String scenario) {
        return Optional.empty();
    }
}
