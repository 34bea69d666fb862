/** Periodic-report PDFs to structured data, anomalies, explanations and flash news. */
package dev.zhiyu.reports;
