/**
 * Stage 4, explanations: the company's own reason for each anomaly (layout ties, else the matcher), the BGE and keyword
 * matchers, harvested match pairs, and the tenant's reasons matcher as a model kind (calibration, promotion rule, live
 * setting).
 */
package dev.zhiyu.reports.explain;
