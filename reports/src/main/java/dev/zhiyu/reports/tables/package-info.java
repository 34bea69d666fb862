/**
 * Stage 2, tables: {@link dev.zhiyu.reports.tables.TableExtractor} finds a page's tables (text-layer rows, Tabula's
 * lattice on ruled pages, the stream grid of a region); tables are merged across pages and their row labels normalised.
 */
package dev.zhiyu.reports.tables;
