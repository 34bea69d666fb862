/** The enterprise knowledge graph: ingestion, ownership and control, tags, queries. */
package dev.zhiyu.knowledge;
