/**
 * Stage 5, flash news: the template writer, the draft contract learned writers fulfil, the number checker every draft
 * passes, and the news item as stored.
 */
package dev.zhiyu.reports.news;
