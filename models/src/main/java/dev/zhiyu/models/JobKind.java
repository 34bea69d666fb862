package dev.zhiyu.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A kind the lifecycle trains itself, as a queued job on a dataset snapshot of corrections.
 *
 * @param <M> the served model
 * @param <C> what comparing two versions gives
 */
interface JobKind<M, C> extends ModelKind<M> {
    /** The folder the new version's files go to, created on first use. */
    @FunctionalInterface
    interface Staging {
        Path dir() throws IOException;
    }

    /** The hyper-parameters with their defaults filled in; unknown keys or bad values are refused. */
    Map<String, String> settings(Map<String, String> hyperParameters);

    /** Refuses, before a job is queued, a snapshot the job could not train on. */
    default void checkData(List<Example> snapshot, Map<String, String> settings) {
    }

    /** What serves while no version is live (the baseline of the first candidate). */
    M fallback();

    /** Trains, writes the files into staging and returns the candidate as it would serve. */
    M train(List<Example> snapshot, Map<String, String> settings, JobContext ctx, Staging staging) throws IOException;

    /** The candidate's metrics, with the baseline's under {@link PromotionRule#BASELINE}. */
    Map<String, Double> evaluate(M candidate, M baseline, boolean baselineLive, List<Example> snapshot, JobContext ctx)
            throws IOException;

    /** Decides whether a job asked to promote its candidate does so. */
    PromotionRule autoRule();

    C compare(String idA, M a, String idB, M b, List<Example> heldOut) throws IOException;
}
