package dev.zhiyu.server.dialog;

import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.server.platform.Tenant;
import java.util.Optional;

/** The tenant's live intent model of a scenario, if it has promoted one (the model registry answers). */
@FunctionalInterface
public interface ScenarioModels {
    ScenarioModels NONE = (tenant, scenario) -> Optional.empty();

    Optional<IntentClassifier> intents(Tenant tenant, String scenario);
}
