/**
 * Stage 1, the PDF text layer: glyphs into lines, segments and rows (full-width punctuation and printed numbers
 * normalised), pages, sections and paragraphs of prose, the report's cover identity.
 */
package dev.zhiyu.reports.pdf;
