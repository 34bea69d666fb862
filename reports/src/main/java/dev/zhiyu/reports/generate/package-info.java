/**
 * The learned flash-news generator (a model kind of the tenant's lifecycle): corpus, training, constrained decoding,
 * evaluation; it writes drafts for stage 5.
 */
package dev.zhiyu.reports.generate;
