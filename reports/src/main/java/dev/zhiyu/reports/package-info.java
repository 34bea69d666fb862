/**
 * Periodic-report PDFs to structured data, anomalies, explanations and flash news: the parser, pipeline, intake and
 * store port. One package per stage: {@code pdf} (text layer), {@code tables}, {@code indicators}, {@code explain},
 * {@code news} (with the learned {@code generate}), {@code delivery}.
 */
package dev.zhiyu.reports;
