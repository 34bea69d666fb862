/**
 * Stage 3, indicators: key indicators and main business read from the statements' tables and prose, year-on-year
 * changes, and anomalies against the thresholds.
 */
package dev.zhiyu.reports.indicators;
